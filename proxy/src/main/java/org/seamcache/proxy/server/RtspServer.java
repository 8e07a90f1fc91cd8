package org.seamcache.proxy.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import java.net.InetSocketAddress;
import java.util.function.LongSupplier;
import org.seamcache.proxy.route.OriginResolver;
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

  private final Channel listener;

  private RtspServer(Channel listener) {
    this.listener = listener;
  }

  public static RtspServer start(
      EventLoopGroup group,
      InetSocketAddress address,
      OriginResolver resolver,
      ContentSources sources,
      SessionRegistry sessions,
      Playbacks playbacks,
      ViewerUdpPorts serverPorts,
      LongSupplier nanoClock,
      ProxyCounters counters)
      throws InterruptedException {
    ViewerRequests requests = new ViewerRequests(resolver, sources, sessions, playbacks, serverPorts, nanoClock, counters);
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
                    RtspPipeline.install(ch.pipeline());
                    ch.pipeline().addLast("viewer", new ViewerConnectionHandler(requests, new ViewerConnection(ch)));
                  }
                });
    Channel ch = b.bind(address).sync().channel();
    return new RtspServer(ch);
  }

  public InetSocketAddress address() {
    return (InetSocketAddress) listener.localAddress();
  }

  @Override
  public void close() {
    listener.close().awaitUninterruptibly();
  }

}
