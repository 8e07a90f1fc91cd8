package org.seamcache.proxy.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import java.net.InetSocketAddress;
import java.util.function.LongSupplier;
import org.seamcache.proxy.route.LoopGuard;
import org.seamcache.proxy.route.OriginResolver;
import org.seamcache.proxy.rtsp.InterleavedFrameDecoder;
import org.seamcache.proxy.rtsp.RtspPipeline;
import org.seamcache.proxy.session.ContentSources;
import org.seamcache.proxy.session.Playbacks;
import org.seamcache.proxy.session.ProxyCounters;
import org.seamcache.proxy.session.SessionRegistry;
import org.seamcache.proxy.transport.ViewerUdpPorts;
import org.seamcache.proxy.transport.Transports;

/** Listens for viewers' RTSP connections and gives each its pipeline. */
public final class RtspServer implements AutoCloseable {
  /** A viewer connection's outbound buffer: above this it counts as slow and loses packets. */
  private static final WriteBufferWaterMark VIEWER_QUEUE = new WriteBufferWaterMark(256 * 1024, 1024 * 1024);

  /** Requests a connection may have read and not yet answered before it stops reading. */
  private static final int MAX_UNANSWERED_REQUESTS = 4;

  private final Channel listener;
  private final ChannelGroup viewers;

  private RtspServer(Channel listener, ChannelGroup viewers) {
    this.listener = listener;
    this.viewers = viewers;
  }

  public static RtspServer start(
      EventLoopGroup group,
      InetSocketAddress address,
      java.util.function.Supplier<OriginResolver> resolver,
      ContentSources sources,
      SessionRegistry sessions,
      Playbacks playbacks,
      ViewerUdpPorts serverPorts,
      LongSupplier nanoClock,
      ProxyCounters counters,
      ConnectionLimits limits,
      LoopGuard loopGuard,
      Draining draining,
      java.util.function.Supplier<ViewerAccess> access)
      throws InterruptedException {
    ViewerRequests requests = new ViewerRequests(resolver, sources, sessions, playbacks, serverPorts, nanoClock, counters, limits, loopGuard,
        draining, access);
    ConnectionAdmission admission = new ConnectionAdmission(limits);
    ChannelGroup viewers = new DefaultChannelGroup("viewers", GlobalEventExecutor.INSTANCE);
    ServerBootstrap b =
        new ServerBootstrap()
            .group(group)
            .channel(Transports.serverSocketChannel())
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, VIEWER_QUEUE)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    viewers.add(ch);
                    ViewerConnection connection = new ViewerConnection(ch);
                    RtspPipeline.install(ch.pipeline());
                    InterleavedFrameDecoder framer = (InterleavedFrameDecoder) ch.pipeline().get("framer");
                    // In front of the framer, in this order: admission sees the connection first, the timeouts see raw reads.
                    ch.pipeline().addBefore("framer", "admission", admission);
                    ch.pipeline().addBefore("framer", "idle", new IdleConnectionCloser(limits.idleTimeout(), connection, sessions, framer));
                    ch.pipeline().addBefore("framer", "requestTimeout", new RequestTimeout(limits.requestTimeout(), framer));
                    ch.pipeline().addLast("unanswered", new UnansweredRequestLimit(MAX_UNANSWERED_REQUESTS, framer));
                    ch.pipeline().addLast("viewer", new ViewerConnectionHandler(requests, connection));
                  }
                });
    Channel ch = b.bind(address).sync().channel();
    loopGuard.listeningOn((InetSocketAddress) ch.localAddress());
    return new RtspServer(ch, viewers);
  }

  public ViewerConnectionsStatus viewerConnections() {
    long largest = 0;
    int unanswered = 0;
    for (Channel c : viewers) {
      ChannelOutboundBuffer out = c.unsafe().outboundBuffer();
      largest = Math.max(largest, out == null ? 0 : out.totalPendingWriteBytes());
      if (c.pipeline().get("unanswered") instanceof UnansweredRequestLimit limit) {
        unanswered = Math.max(unanswered, limit.unanswered());
      }
    }
    return new ViewerConnectionsStatus(viewers.size(), largest, unanswered);
  }

  public InetSocketAddress address() {
    return (InetSocketAddress) listener.localAddress();
  }

  /** Whether the listening socket is open (accepting viewers). */
  public boolean isListening() {
    return listener.isActive();
  }

  /** Stops accepting viewers; connections already open stay. */
  @Override
  public void close() {
    listener.close().awaitUninterruptibly();
  }

}
