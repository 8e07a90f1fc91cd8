package org.seamcache.proxy.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.seamcache.proxy.rtsp.InterleavedFrameEncoder;
import org.seamcache.seamer.RtpHeader;

/** A viewer whose connection stops draining loses its own packets; the others get every one. */
class SlowViewerTest {

  /** Swallows flushes: what is written stays in the channel's outbound buffer, as with a stalled peer. */
  private static final class NeverDrains extends ChannelOutboundHandlerAdapter {
    @Override
    public void flush(ChannelHandlerContext ctx) {}
  }

  @Test
  void aStalledViewerDropsItsOwnPacketsAndNobodyElseNotices() throws Exception {
    EmbeddedChannel slow = new EmbeddedChannel(new NeverDrains(), InterleavedFrameEncoder.INSTANCE);
    slow.config().setWriteBufferWaterMark(new WriteBufferWaterMark(8 * 1024, 16 * 1024));
    EmbeddedChannel fast = new EmbeddedChannel(InterleavedFrameEncoder.INSTANCE);
    DeliveryTotals totals = new DeliveryTotals();
    Relay relay = new Relay(1);
    relay.add(new InterleavedViewerOutput(slow, new int[] {0}, totals));
    relay.add(new InterleavedViewerOutput(fast, new int[] {0}, totals));

    byte[] bytes = new byte[1200];
    bytes[0] = (byte) 0x80;
    bytes[1] = 96;
    int packets = 200;
    for (int i = 0; i < packets; i++) {
      ByteBuf packet = Unpooled.wrappedBuffer(bytes);
      relay.deliver(0, RtpHeader.parse(packet.nioBuffer()), packet);
      relay.flush();
      packet.release();
    }

    int received = 0;
    for (WrittenFrames.Frame f; (f = WrittenFrames.next(fast)) != null; ) {
      assertThat(f.channel()).isZero();
      assertThat(f.content().readableBytes()).isEqualTo(bytes.length);
      f.release();
      received++;
    }
    assertThat(received).as("the fast viewer got every packet").isEqualTo(packets);
    // 16 KiB of 1.2 KB frames: the slow one took about 14, then dropped the rest.
    assertThat(totals.dropped.sum()).isBetween((long) packets - 20, (long) packets - 10);
    assertThat(totals.sent.sum()).isEqualTo(packets + (packets - totals.dropped.sum()));
    slow.close(); // fails (and frees) the writes it never drained
    fast.finishAndReleaseAll();
  }
}
