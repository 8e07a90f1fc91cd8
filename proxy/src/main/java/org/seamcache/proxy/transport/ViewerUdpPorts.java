package org.seamcache.proxy.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The proxy's server port pair towards UDP viewers ({@code server_port} in SETUP answers). With
 * epoll every event loop gets its own socket pair bound to the same two ports (SO_REUSEPORT), so a
 * relay writes datagrams on its own thread instead of handing each one to another loop; with NIO
 * one pair serves all. A datagram waits in the socket's outbound buffer up to a high-water mark
 * sized for a key frame to hundreds of viewers; beyond it packets are dropped and counted.
 */
public final class ViewerUdpPorts implements AutoCloseable {
  private static final int SEND_BUFFER_BYTES = 8 << 20;
  private static final int RECEIVE_BUFFER_BYTES = 1 << 20;
  private static final WriteBufferWaterMark BURST = new WriteBufferWaterMark(16 << 20, 32 << 20);
  private static final int ATTEMPTS = 64;

  private final Map<EventExecutor, Channel[]> perLoop = new IdentityHashMap<>();
  private final Channel[] shared;
  private final int rtpPort;

  private ViewerUdpPorts(int rtpPort, Channel[] shared) {
    this.rtpPort = rtpPort;
    this.shared = shared;
  }

  /** Binds on {@code address}; {@code firstPort} 0 picks a free even pair. */
  public static ViewerUdpPorts bind(
      EventLoopGroup group, InetAddress address, int firstPort, ChannelHandler rtpHandler, ChannelHandler rtcpHandler)
      throws InterruptedException {
    IllegalStateException last = null;
    for (int attempt = 0; attempt < (firstPort == 0 ? ATTEMPTS : 1); attempt++) {
      int port = firstPort != 0 ? firstPort : 2 * ThreadLocalRandom.current().nextInt(20000, 30000);
      ViewerUdpPorts ports = null;
      try {
        if (Transports.isEpoll()) {
          for (EventExecutor e : group) {
            Channel rtp = bindOne((EventLoop) e, address, port, rtpHandler);
            Channel rtcp = bindOne((EventLoop) e, address, port + 1, rtcpHandler);
            if (ports == null) {
              ports = new ViewerUdpPorts(port, null);
            }
            ports.perLoop.put(e, new Channel[] {rtp, rtcp});
          }
        } else {
          EventLoop loop = group.next();
          ports = new ViewerUdpPorts(port, new Channel[] {bindOne(loop, address, port, rtpHandler), null});
          ports.shared[1] = bindOne(loop, address, port + 1, rtcpHandler);
        }
        return ports;
      } catch (IllegalStateException e) {
        if (ports != null) {
          ports.close();
        }
        last = e;
      }
    }
    throw last;
  }

  private static Channel bindOne(EventLoop loop, InetAddress address, int port, ChannelHandler handler) throws InterruptedException {
    Bootstrap b =
        new Bootstrap()
            .group(loop)
            .channelFactory(Transports.datagramChannelFor(address))
            .option(ChannelOption.SO_SNDBUF, SEND_BUFFER_BYTES)
            .option(ChannelOption.SO_RCVBUF, RECEIVE_BUFFER_BYTES)
            .option(ChannelOption.WRITE_BUFFER_WATER_MARK, BURST)
            .handler(handler);
    if (Transports.isEpoll()) {
      b.option(EpollChannelOption.SO_REUSEPORT, true);
    }
    var f = b.bind(new InetSocketAddress(address, port)).await();
    if (!f.isSuccess()) {
      throw new IllegalStateException("cannot bind UDP " + address.getHostAddress() + ":" + port, f.cause());
    }
    return f.channel();
  }

  public int rtpPort() {
    return rtpPort;
  }

  /** The RTP socket to send from on {@code loop} (its own with epoll). */
  public Channel rtp(EventLoop loop) {
    return shared != null ? shared[0] : perLoop.get(loop)[0];
  }

  /** The RTCP socket to send from on {@code loop}. */
  public Channel rtcp(EventLoop loop) {
    return shared != null ? shared[1] : perLoop.get(loop)[1];
  }

  @Override
  public void close() {
    if (shared != null) {
      for (Channel c : shared) {
        if (c != null) {
          c.close();
        }
      }
    }
    for (Channel[] pair : perLoop.values()) {
      pair[0].close();
      pair[1].close();
    }
  }
}
