package org.seamcache.proxy.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class UdpPortPairTest {

  @ChannelHandler.Sharable
  static final class Ignore extends SimpleChannelInboundHandler<DatagramPacket> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket msg) {}
  }

  @Test
  void aTakenPortIsSkippedAndTheSameHandlersServeTheNextPair() throws Exception {
    MultiThreadIoEventLoopGroup group = Transports.newEventLoopGroup(1);
    InetAddress lo = InetAddress.getLoopbackAddress();
    try (DatagramSocket taken = new DatagramSocket(0, lo)) {
      int takenPort = taken.getLocalPort();
      int busyEven = takenPort % 2 == 0 ? takenPort : takenPort - 1; // the pair busyEven/busyEven+1 collides
      AtomicInteger asked = new AtomicInteger();
      ChannelHandler h = new Ignore();
      UdpPortPair pair =
          UdpPortPair.bindAsync(group, lo, () -> asked.getAndIncrement() == 0 ? busyEven : 2 * java.util.concurrent.ThreadLocalRandom.current().nextInt(20000, 30000), h, h).get(5, TimeUnit.SECONDS);
      try {
        assertThat(asked.get()).as("candidates tried").isGreaterThanOrEqualTo(2);
        assertThat(pair.rtpPort()).isNotEqualTo(busyEven);
        assertThat(((InetSocketAddress) pair.rtcp().localAddress()).getPort()).isPositive();
      } finally {
        pair.close();
      }
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }
  }
}
