package org.seamcache.proxy.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.seamcache.proxy.rtsp.InterleavedFrameEncoder;
import org.seamcache.proxy.transport.Transports;
import org.seamcache.seamer.RtpHeader;

/** The wire forms a relay builds once per packet reach every viewer intact, and nothing is left held. */
class FanOutBatchTest {

  private static ByteBuf rtp(int sequence, int size) {
    ByteBuf b = Unpooled.directBuffer(size);
    b.writeByte(0x80).writeByte(96).writeShort(sequence).writeInt(sequence * 3600).writeInt(0xCAFE);
    while (b.writerIndex() < size) {
      b.writeByte(b.writerIndex() ^ sequence);
    }
    return b;
  }

  @Test
  void interleavedViewersOnOneChannelNumberGetTheSameFramesAndTheRelayKeepsNone() throws Exception {
    EmbeddedChannel a = new EmbeddedChannel(InterleavedFrameEncoder.INSTANCE);
    EmbeddedChannel b = new EmbeddedChannel(InterleavedFrameEncoder.INSTANCE);
    EmbeddedChannel c = new EmbeddedChannel(InterleavedFrameEncoder.INSTANCE);
    DeliveryTotals totals = new DeliveryTotals();
    Relay relay = new Relay(1);
    relay.add(new InterleavedViewerOutput(a, new int[] {0}, totals));
    relay.add(new InterleavedViewerOutput(b, new int[] {0}, totals));
    relay.add(new InterleavedViewerOutput(c, new int[] {4}, totals)); // another channel number
    for (int i = 0; i < 5; i++) {
      ByteBuf p = rtp(i, 100 + i);
      relay.deliver(0, RtpHeader.parse(p.nioBuffer()), p);
      p.skipBytes(12); // the caller may move its own indices: the viewers' frames do not change
      relay.flush();
      assertThat(p.release()).as("the relay kept no reference to the packet").isTrue();
    }
    for (int i = 0; i < 5; i++) {
      ByteBuf expected = rtp(i, 100 + i);
      for (EmbeddedChannel viewer : List.of(a, b, c)) {
        WrittenFrames.Frame f = WrittenFrames.next(viewer);
        assertThat(f.channel()).isEqualTo(viewer == c ? 4 : 0);
        assertThat(ByteBufUtil.equals(f.content(), expected)).as("frame %d", i).isTrue();
        f.release();
      }
      expected.release();
    }
    assertThat(totals.sent.sum()).isEqualTo(15);
    for (EmbeddedChannel viewer : List.of(a, b, c)) {
      assertThat(WrittenFrames.next(viewer)).isNull();
      assertThat(viewer.finishAndReleaseAll()).isFalse();
    }
  }

  /** Receives datagrams on loopback, keeping copies of their contents. */
  private static final class Receiver extends SimpleChannelInboundHandler<DatagramPacket> {
    final List<byte[]> got = new CopyOnWriteArrayList<>();

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket msg) {
      got.add(ByteBufUtil.getBytes(msg.content()));
    }
  }

  @Test
  void udpViewersShareOneSocketFlushAndARefusedSendIsCountedNotThrown() throws Exception {
    EventLoopGroup group = Transports.newEventLoopGroup(1);
    InetAddress loopback = InetAddress.getLoopbackAddress();
    try {
      DeliveryTotals totals = new DeliveryTotals();
      DatagramSendFailures refused = new DatagramSendFailures("test socket", totals.failed);
      ViewerOutputFailureTest.ExceptionsAtTail tail = new ViewerOutputFailureTest.ExceptionsAtTail();
      Channel socket = new Bootstrap().group(group).channel(Transports.datagramChannel())
          .handler(new io.netty.channel.ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
              ch.pipeline().addLast(refused, tail);
            }
          })
          .bind(new InetSocketAddress(loopback, 0)).sync().channel();
      Receiver[] receivers = {new Receiver(), new Receiver(), new Receiver()};
      Channel[] ends = new Channel[receivers.length];
      Relay relay = new Relay(1);
      for (int i = 0; i < receivers.length; i++) {
        ends[i] = new Bootstrap().group(group).channel(Transports.datagramChannel()).handler(receivers[i])
            .bind(new InetSocketAddress(loopback, 0)).sync().channel();
        InetSocketAddress at = (InetSocketAddress) ends[i].localAddress();
        relay.add(new UdpViewerOutput(socket, socket, new InetSocketAddress[] {at}, new InetSocketAddress[] {at}, totals));
      }
      // Broadcast without SO_BROADCAST: the kernel refuses each send (EACCES) after the target was accepted.
      InetSocketAddress broadcast = new InetSocketAddress(InetAddress.getByName("255.255.255.255"), 9);
      relay.add(new UdpViewerOutput(socket, socket, new InetSocketAddress[] {broadcast}, new InetSocketAddress[] {broadcast}, totals));
      int packets = 20;
      socket.eventLoop().submit(() -> {
        for (int s = 0; s < packets; s++) {
          ByteBuf p = rtp(s, 200);
          relay.deliver(0, RtpHeader.parse(p.nioBuffer()), p);
          p.release();
          if (s % 5 == 4) {
            relay.flush();
          }
        }
        return null;
      }).sync();
      await().atMost(Duration.ofSeconds(10)).until(() -> java.util.Arrays.stream(receivers).allMatch(r -> r.got.size() == packets));
      await().atMost(Duration.ofSeconds(10)).until(() -> refused.failed() == packets);
      for (Receiver r : receivers) {
        for (int s = 0; s < packets; s++) {
          ByteBuf expected = rtp(s, 200);
          assertThat(r.got.get(s)).isEqualTo(ByteBufUtil.getBytes(expected));
          expected.release();
        }
      }
      assertThat(totals.failed.sum()).isEqualTo(packets);
      assertThat(tail.seen.get()).as("refused sends that went past the counter").isZero();
      for (Channel e : ends) {
        e.close().sync();
      }
      socket.close().sync();
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
  }
}
