package org.seamcache.proxy.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.seamcache.proxy.rtsp.InterleavedFrameEncoder;
import org.seamcache.proxy.transport.Transports;
import org.seamcache.seamer.RtpHeader;

/**
 * One viewer whose output cannot send (a channel or port no socket can use) loses its own packets,
 * counted; the relay and the other viewers never see the failure.
 */
class ViewerOutputFailureTest {

  private static ByteBuf rtcpPacket() {
    byte[] rr = new byte[8];
    rr[0] = (byte) 0x80;
    rr[1] = (byte) 201; // an empty receiver report
    rr[3] = 1;
    return Unpooled.wrappedBuffer(rr);
  }

  @Test
  void anRtcpChannelBeyond255FailsOnlyItsViewer() throws Exception {
    EmbeddedChannel broken = new EmbeddedChannel(InterleavedFrameEncoder.INSTANCE);
    EmbeddedChannel healthy = new EmbeddedChannel(InterleavedFrameEncoder.INSTANCE);
    DeliveryTotals totals = new DeliveryTotals();
    Relay relay = new Relay(1);
    InterleavedViewerOutput brokenOutput = new InterleavedViewerOutput(broken, new int[] {255}, totals);
    relay.add(brokenOutput); // first in the fan-out: a throw here would cut the healthy viewer off
    relay.add(new InterleavedViewerOutput(healthy, new int[] {0}, totals));

    ByteBuf rtcp = rtcpPacket();
    relay.deliver(0, null, rtcp);
    relay.flush();

    WrittenFrames.Frame got = WrittenFrames.next(healthy);
    assertThat(got).isNotNull();
    assertThat(got.channel()).isEqualTo(1);
    got.release();
    assertThat(rtcp.refCnt()).as("the broken output kept no reference").isEqualTo(1);
    rtcp.release();
    assertThat(WrittenFrames.next(broken)).isNull();
    assertThat(brokenOutput.dropped()).isEqualTo(1);
    assertThat(totals.failed.sum()).isEqualTo(1);

    // Its RTP on channel 255 still goes out.
    byte[] bytes = new byte[100];
    bytes[0] = (byte) 0x80;
    bytes[1] = 96;
    ByteBuf rtp = Unpooled.wrappedBuffer(bytes);
    relay.deliver(0, RtpHeader.parse(rtp.nioBuffer()), rtp);
    relay.flush();
    rtp.release();
    WrittenFrames.Frame media = WrittenFrames.next(broken);
    assertThat(media.channel()).isEqualTo(255);
    media.release();
    broken.finishAndReleaseAll();
    healthy.finishAndReleaseAll();
  }

  /** Counts what reaches the end of a socket's pipeline: there, a failed send is a logged stack trace. */
  static final class ExceptionsAtTail extends ChannelInboundHandlerAdapter {
    final AtomicInteger seen = new AtomicInteger();

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      seen.incrementAndGet();
    }
  }

  @Test
  void datagramsToPortZeroAreCountedAsLostNotFiredIntoTheSharedSocket() throws Exception {
    EventLoopGroup group = Transports.newEventLoopGroup(1);
    try {
      ExceptionsAtTail tail = new ExceptionsAtTail();
      InetAddress loopback = InetAddress.getLoopbackAddress();
      Channel socket =
          new Bootstrap()
              .group(group)
              .channel(Transports.datagramChannel())
              .handler(tail)
              .bind(new InetSocketAddress(loopback, 0))
              .sync()
              .channel();
      DeliveryTotals totals = new DeliveryTotals();
      InetSocketAddress nowhere = new InetSocketAddress(loopback, 0); // the kernel refuses it (EINVAL)
      UdpViewerOutput out =
          new UdpViewerOutput(socket, socket, new InetSocketAddress[] {nowhere}, new InetSocketAddress[] {nowhere}, totals);
      int packets = 200;
      socket.eventLoop()
          .submit(
              () -> {
                for (int i = 0; i < packets; i++) {
                  ByteBuf p = rtcpPacket();
                  out.offer(0, null, p);
                  p.release();
                  if (i % 16 == 15) {
                    out.flush(); // batches, as the relay sends them
                  }
                }
                out.flush();
              })
          .sync();
      await().atMost(Duration.ofSeconds(10)).until(() -> out.dropped() == packets);
      assertThat(tail.seen.get()).as("failures that reached the socket's pipeline").isZero();
      socket.close().sync();
    } finally {
      group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
    }
  }
}
