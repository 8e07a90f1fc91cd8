package org.seamcache.proxy.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntSupplier;

/**
 * Two UDP sockets on consecutive ports, RTP on the even one and RTCP on the odd one (RFC 3550
 * §11), as RTSP's {@code client_port}/{@code server_port} pairs need. Binding retries other even
 * ports when a pair is taken. Channels are closed by {@link #close()}.
 */
public final class UdpPortPair implements AutoCloseable {
  private static final int RECEIVE_BUFFER_BYTES = 4 << 20;
  private static final int SEND_BUFFER_BYTES = 4 << 20;
  private static final int ATTEMPTS = 64;

  private final Channel rtp;
  private final Channel rtcp;

  private UdpPortPair(Channel rtp, Channel rtcp) {
    this.rtp = rtp;
    this.rtcp = rtcp;
  }

  /**
   * Binds on {@code address}; {@code firstPort} 0 picks free ports from the dynamic range, any
   * other even port binds exactly there (or fails).
   */
  public static UdpPortPair bind(
      EventLoopGroup group, InetAddress address, int firstPort, ChannelHandler rtpHandler, ChannelHandler rtcpHandler)
      throws InterruptedException {
    if (firstPort % 2 != 0) {
      throw new IllegalArgumentException("RTP port " + firstPort + " must be even");
    }
    IllegalStateException last = null;
    for (int attempt = 0; attempt < (firstPort == 0 ? ATTEMPTS : 1); attempt++) {
      int port = firstPort != 0 ? firstPort : 2 * ThreadLocalRandom.current().nextInt(20000, 30000);
      ChannelFuture a = bootstrap(group, rtpHandler).bind(new InetSocketAddress(address, port)).await();
      if (!a.isSuccess()) {
        last = new IllegalStateException("cannot bind UDP " + address.getHostAddress() + ":" + port, a.cause());
        continue;
      }
      ChannelFuture b = bootstrap(group, rtcpHandler).bind(new InetSocketAddress(address, port + 1)).await();
      if (!b.isSuccess()) {
        a.channel().close();
        last = new IllegalStateException("cannot bind UDP " + address.getHostAddress() + ":" + (port + 1), b.cause());
        continue;
      }
      return new UdpPortPair(a.channel(), b.channel());
    }
    throw last;
  }

  /**
   * Like {@link #bind} but without blocking, for use on an event loop: tries random even ports
   * until a pair binds. Completes on {@code group}'s loop.
   */
  public static CompletableFuture<UdpPortPair> bindAsync(
      EventLoopGroup group, InetAddress address, ChannelHandler rtpHandler, ChannelHandler rtcpHandler) {
    return bindAsync(group, address, () -> 2 * ThreadLocalRandom.current().nextInt(20000, 30000), rtpHandler, rtcpHandler);
  }

  /** As above, with the even candidate ports from {@code candidates} (tests make collisions happen). */
  static CompletableFuture<UdpPortPair> bindAsync(
      EventLoopGroup group, InetAddress address, IntSupplier candidates, ChannelHandler rtpHandler, ChannelHandler rtcpHandler) {
    CompletableFuture<UdpPortPair> result = new CompletableFuture<>();
    tryBind(group, address, candidates, rtpHandler, rtcpHandler, ATTEMPTS, result);
    return result;
  }

  private static void tryBind(
      EventLoopGroup group, InetAddress address, IntSupplier candidates, ChannelHandler rtpHandler, ChannelHandler rtcpHandler,
      int attemptsLeft, CompletableFuture<UdpPortPair> result) {
    int port = candidates.getAsInt();
    bootstrap(group, rtpHandler)
        .bind(new InetSocketAddress(address, port))
        .addListener(
            (ChannelFuture a) -> {
              if (!a.isSuccess()) {
                retryOrFail(group, address, candidates, rtpHandler, rtcpHandler, attemptsLeft, result, a.cause());
                return;
              }
              bootstrap(group, rtcpHandler)
                  .bind(new InetSocketAddress(address, port + 1))
                  .addListener(
                      (ChannelFuture b) -> {
                        if (b.isSuccess()) {
                          result.complete(new UdpPortPair(a.channel(), b.channel()));
                        } else {
                          a.channel().close();
                          retryOrFail(group, address, candidates, rtpHandler, rtcpHandler, attemptsLeft, result, b.cause());
                        }
                      });
            });
  }

  private static void retryOrFail(
      EventLoopGroup group, InetAddress address, IntSupplier candidates, ChannelHandler rtpHandler, ChannelHandler rtcpHandler,
      int attemptsLeft, CompletableFuture<UdpPortPair> result, Throwable cause) {
    if (attemptsLeft <= 1) {
      result.completeExceptionally(
          new IllegalStateException("no free UDP port pair on " + address.getHostAddress() + " (last: " + cause.getMessage() + ")", cause));
    } else {
      tryBind(group, address, candidates, rtpHandler, rtcpHandler, attemptsLeft - 1, result);
    }
  }

  private static Bootstrap bootstrap(EventLoopGroup group, ChannelHandler handler) {
    return new Bootstrap()
        .group(group)
        .channel(Transports.datagramChannel())
        .option(ChannelOption.SO_RCVBUF, RECEIVE_BUFFER_BYTES)
        .option(ChannelOption.SO_SNDBUF, SEND_BUFFER_BYTES)
        .handler(handler);
  }

  public Channel rtp() {
    return rtp;
  }

  public Channel rtcp() {
    return rtcp;
  }

  public int rtpPort() {
    return ((InetSocketAddress) rtp.localAddress()).getPort();
  }

  @Override
  public void close() {
    rtp.close();
    rtcp.close();
  }
}
