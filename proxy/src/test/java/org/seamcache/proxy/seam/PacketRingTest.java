package org.seamcache.proxy.seam;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.seamcache.seamer.RtpHeader;

/** Every buffer put in the ring is released exactly once, however the seamer treats its packet. */
class PacketRingTest {
  private static final RtpHeader H = new RtpHeader(false, 96, 1, 1, 1, 12, 4);

  private static ByteBuf packet() {
    return Unpooled.buffer(16).writeZero(16);
  }

  @Test
  void takenPacketsBelongToTheTakerAndTheRestExpire() {
    PacketRing ring = new PacketRing(8);
    List<ByteBuf> bufs = new ArrayList<>();
    List<Long> refs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ByteBuf b = packet();
      bufs.add(b);
      refs.add(ring.put(b, H, 100L * i));
    }
    ByteBuf taken = ring.take(refs.get(1));
    assertThat(taken).isSameAs(bufs.get(1));
    assertThat(ring.take(refs.get(1))).as("taken once only").isNull();
    assertThat(ring.header(refs.get(1))).isNull();
    assertThat(ring.header(refs.get(2))).isSameAs(H);
    taken.release();
    ring.expireBefore(250); // arrivals 0, 100, 200 are older
    assertThat(bufs.get(0).refCnt()).isZero();
    assertThat(bufs.get(2).refCnt()).isZero();
    assertThat(bufs.get(3).refCnt()).isEqualTo(1);
    assertThat(ring.take(refs.get(2))).isNull();
    assertThat(ring.expired()).isEqualTo(2);
    ring.releaseAll();
    assertThat(bufs).allSatisfy(b -> assertThat(b.refCnt()).isZero());
  }

  @Test
  void aFullRingReleasesTheOldestAndForgetsIt() {
    PacketRing ring = new PacketRing(4);
    List<ByteBuf> bufs = new ArrayList<>();
    long first = -1;
    for (int i = 0; i < 6; i++) {
      ByteBuf b = packet();
      bufs.add(b);
      long r = ring.put(b, H, i);
      first = first < 0 ? r : first;
    }
    assertThat(ring.evicted()).isEqualTo(2);
    assertThat(bufs.get(0).refCnt()).isZero();
    assertThat(bufs.get(1).refCnt()).isZero();
    assertThat(ring.take(first)).as("its slot holds a newer packet now").isNull();
    assertThat(ring.held()).isEqualTo(4);
    ring.releaseAll();
    assertThat(bufs).allSatisfy(b -> assertThat(b.refCnt()).isZero());
  }
}
