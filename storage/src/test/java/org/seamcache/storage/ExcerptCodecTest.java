package org.seamcache.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import net.openhft.chronicle.bytes.Bytes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExcerptCodecTest {

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 42, 1234567})
  void roundTripsAndCatchesEverySingleByteFlip(long seed) {
    Random random = new Random(seed);
    byte[] packet = new byte[12 + random.nextInt(1500)];
    random.nextBytes(packet);
    long seq = random.nextLong();
    long ts = random.nextLong();
    long hash = random.nextLong();
    int leg = random.nextInt(1 << 20);
    Bytes<?> bytes = Bytes.allocateElasticOnHeap(2048);
    ExcerptCodec codec = new ExcerptCodec();
    boolean resynced = random.nextBoolean();
    codec.write(bytes, PacketKind.RTP, true, resynced, 111, 7, leg, 99L, seq, ts, hash, packet, 0, packet.length);
    assertThat(bytes.readRemaining()).isEqualTo(ExcerptCodec.storedSize(packet.length) - 4);

    ExcerptCodec.DecodedExcerpt into = new ExcerptCodec.DecodedExcerpt();
    assertThat(codec.read(bytes, into)).isNull();
    assertThat(into.kind).isEqualTo(PacketKind.RTP);
    assertThat(into.marker).isTrue();
    assertThat(into.resynced).isEqualTo(resynced);
    assertThat(into.payloadType).isEqualTo(111);
    assertThat(into.track).isEqualTo(7);
    assertThat(into.leg).isEqualTo(leg);
    assertThat(into.arrivalNanos).isEqualTo(99L);
    assertThat(into.extendedSeq).isEqualTo(seq);
    assertThat(into.extendedTimestamp).isEqualTo(ts);
    assertThat(into.payloadHash).isEqualTo(hash);
    assertThat(java.util.Arrays.copyOf(into.packet, into.length)).isEqualTo(packet);

    // Any one flipped bit anywhere in the excerpt is caught.
    bytes.readPosition(0);
    byte[] stored = bytes.toByteArray();
    int at = random.nextInt(stored.length);
    stored[at] ^= (byte) (1 << random.nextInt(8));
    String rule = codec.read(Bytes.wrapForRead(stored), into);
    assertThat(rule).as("flip at %d", at).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 10, 48, 60})
  void aTornExcerptOfZerosOrAShortOneIsRejected(int size) {
    String rule = new ExcerptCodec().read(Bytes.wrapForRead(new byte[size]), new ExcerptCodec.DecodedExcerpt());
    assertThat(rule).isNotNull();
  }
}
