package org.seamcache.proxy.admin;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.seamcache.proxy.transport.Transports;

/**
 * The operator's HTTP endpoint (loopback by default): {@code /health}, {@code /status} (JSON) and
 * {@code /metrics} (Prometheus text format 0.0.4). Read-only.
 */
public final class AdminServer implements AutoCloseable {
  private final Channel listener;

  private AdminServer(Channel listener) {
    this.listener = listener;
  }

  public static AdminServer start(EventLoopGroup group, InetSocketAddress address, Supplier<ProxyStatus> status) throws InterruptedException {
    ServerBootstrap b =
        new ServerBootstrap()
            .group(group)
            .channel(Transports.serverSocketChannel())
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast(new HttpServerCodec(4096, 8192, 8192));
                    ch.pipeline().addLast(new HttpObjectAggregator(8192));
                    ch.pipeline().addLast(new Handler(status));
                  }
                });
    return new AdminServer(b.bind(address).sync().channel());
  }

  public InetSocketAddress address() {
    return (InetSocketAddress) listener.localAddress();
  }

  @Override
  public void close() {
    listener.close().awaitUninterruptibly();
  }

  private static final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final Supplier<ProxyStatus> status;

    Handler(Supplier<ProxyStatus> status) {
      this.status = status;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
      String path = req.uri().split("\\?", 2)[0];
      FullHttpResponse r;
      if (!req.method().equals(HttpMethod.GET) && !req.method().equals(HttpMethod.HEAD)) {
        r = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "text/plain", "GET only\n");
      } else {
        r =
            switch (path) {
              case "/health" -> text(HttpResponseStatus.OK, "text/plain", "ok\n");
              case "/status" -> text(HttpResponseStatus.OK, "application/json", status.get().toJson() + "\n");
              case "/metrics" -> text(HttpResponseStatus.OK, "text/plain; version=0.0.4", status.get().toPrometheus());
              default -> text(HttpResponseStatus.NOT_FOUND, "text/plain", "not found; try /health, /status or /metrics\n");
            };
      }
      boolean keepAlive = HttpUtil.isKeepAlive(req);
      HttpUtil.setKeepAlive(r, keepAlive);
      var f = ctx.writeAndFlush(r);
      if (!keepAlive) {
        f.addListener(ChannelFutureListener.CLOSE);
      }
    }

    private static FullHttpResponse text(HttpResponseStatus s, String type, String body) {
      FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, s, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
      r.headers().set("Content-Type", type);
      r.headers().setInt("Content-Length", r.content().readableBytes());
      return r;
    }
  }
}
