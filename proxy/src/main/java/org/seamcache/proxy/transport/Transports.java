package org.seamcache.proxy.transport;

import io.netty.channel.ChannelFactory;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.Inet4Address;
import java.net.InetAddress;

/** Native epoll where it loads (Linux), NIO otherwise; one place decides for every channel type. */
public final class Transports {
  private static final boolean EPOLL = Epoll.isAvailable();

  private Transports() {}

  public static boolean isEpoll() {
    return EPOLL;
  }

  /** Threads named seamcache-io-GROUP-N, so that a log line says it came from an event loop. */
  public static MultiThreadIoEventLoopGroup newEventLoopGroup(int threads) {
    IoHandlerFactory factory = EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("seamcache-io"), factory);
  }

  public static Class<? extends SocketChannel> socketChannel() {
    return EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
  }

  public static Class<? extends ServerSocketChannel> serverSocketChannel() {
    return EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
  }

  public static Class<? extends DatagramChannel> datagramChannel() {
    return EPOLL ? EpollDatagramChannel.class : NioDatagramChannel.class;
  }

  /**
   * Datagram sockets of the bind address's own family. A socket bound to an IPv4 address can only
   * reach IPv4 peers anyway, and an IPv4 socket spares each datagram the kernel's IPv6 send path
   * for a v4-mapped destination (and Netty's 16-byte address per datagram).
   */
  public static ChannelFactory<DatagramChannel> datagramChannelFor(InetAddress bindAddress) {
    SocketProtocolFamily family = bindAddress instanceof Inet4Address ? SocketProtocolFamily.INET : SocketProtocolFamily.INET6;
    return EPOLL ? () -> new EpollDatagramChannel(family) : () -> new NioDatagramChannel(family);
  }
}
