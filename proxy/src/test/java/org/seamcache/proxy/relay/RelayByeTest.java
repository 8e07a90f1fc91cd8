package org.seamcache.proxy.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.seamcache.proxy.rtsp.InterleavedFrameEncoder;
import org.seamcache.seamer.RtcpPacket;
import org.seamcache.seamer.RtpHeader;

/** When the stream is over, each viewer gets a valid RTCP BYE from the SSRC it was receiving. */
class RelayByeTest {

  @Test
  void byeComesFromTheLastSsrcOnTheRtcpChannel() throws Exception {
    EmbeddedChannel viewer = new EmbeddedChannel(InterleavedFrameEncoder.INSTANCE);
    Relay relay = new Relay(2);
    relay.add(new InterleavedViewerOutput(viewer, new int[] {0, 2}, new DeliveryTotals()));
    byte[] rtp = {(byte) 0x80, 96, 0, 7, 0, 0, 0, 9, (byte) 0xCA, (byte) 0xFE, 0, 1, 42};
    ByteBuf packet = Unpooled.wrappedBuffer(rtp);
    relay.deliver(0, RtpHeader.parse(packet.nioBuffer()), packet);
    packet.release();

    relay.sayBye();

    WrittenFrames.Frame media = WrittenFrames.next(viewer);
    assertThat(media.channel()).isZero();
    media.release();
    WrittenFrames.Frame bye = WrittenFrames.next(viewer);
    assertThat(bye.channel()).as("RTCP channel of track 0").isEqualTo(1);
    List<RtcpPacket> parsed = RtcpPacket.parseCompound(bye.content().nioBuffer());
    assertThat(parsed.get(0)).isInstanceOf(RtcpPacket.ReceiverReport.class);
    assertThat(parsed.get(1)).isInstanceOfSatisfying(RtcpPacket.Bye.class, b -> assertThat(b.ssrcs()).containsExactly(0xCAFE0001L));
    bye.release();
    assertThat((Object) viewer.readOutbound()).as("no BYE for a track that never had a packet").isNull();
    viewer.finishAndReleaseAll();
  }
}
