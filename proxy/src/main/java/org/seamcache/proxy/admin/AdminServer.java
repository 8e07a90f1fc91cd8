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
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.seamcache.proxy.transport.Transports;

/**
 * The operator's HTTP endpoint (loopback by default): {@code /health} (the process answers),
 * {@code /ready} (it takes viewers: 503 with the reason while stopping), {@code /status} (JSON) and
 * {@code /metrics} (Prometheus text format 0.0.4); {@code POST /prefetch} fetches a title into the
 * cache and {@code POST /log-level} changes a logger's level.
 */
public final class AdminServer implements AutoCloseable {
  private final Channel listener;

  private AdminServer(Channel listener) {
    this.listener = listener;
  }

  /** Fetches a stored title into the cache; completes with a line for the operator. */
  public interface Prefetcher {
    java.util.concurrent.CompletableFuture<String> prefetch(String originUrl);
  }

  /**
   * @param metrics renders {@code /metrics} (Prometheus text format 0.0.4), off the event loop: it
   *     may read the disk
   * @param notReadyBecause why the proxy should not take viewers now ({@code /ready} answers 503 with
   *     it), or null when it should (200)
   */
  public static AdminServer start(
      EventLoopGroup group, InetSocketAddress address, Supplier<CompletableFuture<ProxyStatus>> status, Supplier<CompletableFuture<String>> metrics,
      Prefetcher prefetcher, LogLevels logLevels, Supplier<String> notReadyBecause) throws InterruptedException {
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
                    ch.pipeline().addLast(new Handler(status, metrics, prefetcher, logLevels, notReadyBecause));
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
    private final Supplier<CompletableFuture<ProxyStatus>> status;
    private final Supplier<CompletableFuture<String>> metrics;
    private final Prefetcher prefetcher;
    private final LogLevels logLevels;
    private final Supplier<String> notReadyBecause;

    Handler(Supplier<CompletableFuture<ProxyStatus>> status, Supplier<CompletableFuture<String>> metrics, Prefetcher prefetcher, LogLevels logLevels,
        Supplier<String> notReadyBecause) {
      this.notReadyBecause = notReadyBecause;
      this.status = status;
      this.metrics = metrics;
      this.prefetcher = prefetcher;
      this.logLevels = logLevels;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
      String path = req.uri().split("\\?", 2)[0];
      if (path.equals("/prefetch")) {
        prefetch(ctx, req);
        return;
      }
      if (path.equals("/log-level")) {
        send(ctx, req, logLevel(req));
        return;
      }
      if (path.equals("/status") && (req.method().equals(HttpMethod.GET) || req.method().equals(HttpMethod.HEAD))) {
        status(ctx, req);
        return;
      }
      if (path.equals("/metrics") && (req.method().equals(HttpMethod.GET) || req.method().equals(HttpMethod.HEAD))) {
        metrics(ctx, req);
        return;
      }
      FullHttpResponse r;
      if (!req.method().equals(HttpMethod.GET) && !req.method().equals(HttpMethod.HEAD)) {
        r = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "text/plain", "GET only\n");
      } else {
        r =
            switch (path) {
              case "/health" -> text(HttpResponseStatus.OK, "text/plain", "ok\n"); // alive: the process answers
              case "/ready" -> ready();
              default -> text(HttpResponseStatus.NOT_FOUND, "text/plain", "not found; try /health, /ready, /status or /metrics\n");
            };
      }
      boolean keepAlive = HttpUtil.isKeepAlive(req);
      HttpUtil.setKeepAlive(r, keepAlive);
      var f = ctx.writeAndFlush(r);
      if (!keepAlive) {
        f.addListener(ChannelFutureListener.CLOSE);
      }
    }

    /** Ready to take viewers: 200, or 503 with the reason (a load balancer takes the node out). */
    private FullHttpResponse ready() {
      String why = notReadyBecause.get();
      return why == null
          ? text(HttpResponseStatus.OK, "text/plain", "ready\n")
          : text(HttpResponseStatus.SERVICE_UNAVAILABLE, "text/plain", "not ready: " + why + "\n");
    }

    /** {@code GET /status}: gathered elsewhere (the cache's part reads the catalog), answered when done; 500 with the reason if it failed. */
    private void status(ChannelHandlerContext ctx, FullHttpRequest req) {
      boolean keepAlive = HttpUtil.isKeepAlive(req);
      CompletableFuture<ProxyStatus> gathered;
      try {
        gathered = status.get();
      } catch (RuntimeException e) {
        gathered = CompletableFuture.failedFuture(e); // e.g. its executor is gone while the proxy stops
      }
      gathered.whenComplete((s, err) -> {
        FullHttpResponse r = err == null
            ? text(HttpResponseStatus.OK, "application/json", s.toJson() + "\n")
            : text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "text/plain", "status not gathered: " + err + "\n");
        HttpUtil.setKeepAlive(r, keepAlive);
        var f = ctx.writeAndFlush(r);
        if (!keepAlive) {
          f.addListener(ChannelFutureListener.CLOSE);
        }
      });
    }

    /** {@code GET /metrics}: rendered elsewhere (it reads the disk), answered when done; 500 with the reason if it failed. */
    private void metrics(ChannelHandlerContext ctx, FullHttpRequest req) {
      boolean keepAlive = HttpUtil.isKeepAlive(req);
      metrics.get().whenComplete((body, err) -> {
        FullHttpResponse r = err == null
            ? text(HttpResponseStatus.OK, org.seamcache.proxy.metrics.ProxyMetrics.contentType(), body)
            : text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "text/plain", "metrics not rendered: " + err + "\n");
        HttpUtil.setKeepAlive(r, keepAlive);
        var f = ctx.writeAndFlush(r);
        if (!keepAlive) {
          f.addListener(ChannelFutureListener.CLOSE);
        }
      });
    }

    /** {@code POST /prefetch?url=rtsp://...}: 202 once the fetch started, 4xx/5xx with the reason otherwise. */
    private void prefetch(ChannelHandlerContext ctx, FullHttpRequest req) {
      if (!req.method().equals(HttpMethod.POST)) {
        send(ctx, req, text(HttpResponseStatus.METHOD_NOT_ALLOWED, "text/plain", "POST /prefetch?url=rtsp://...\n"));
        return;
      }
      java.util.List<String> urls = new io.netty.handler.codec.http.QueryStringDecoder(req.uri()).parameters().get("url");
      if (urls == null || urls.size() != 1 || urls.get(0).isBlank()) {
        send(ctx, req, text(HttpResponseStatus.BAD_REQUEST, "text/plain", "one url parameter, e.g. POST /prefetch?url=rtsp://origin/title\n"));
        return;
      }
      boolean keepAlive = HttpUtil.isKeepAlive(req);
      prefetcher.prefetch(urls.get(0)).whenComplete((line, err) -> {
        FullHttpResponse r;
        if (err == null) {
          r = text(HttpResponseStatus.ACCEPTED, "text/plain", line + "\n");
        } else {
          Throwable t = err instanceof java.util.concurrent.CompletionException && err.getCause() != null ? err.getCause() : err;
          int code = t instanceof org.seamcache.proxy.rtsp.RtspStatusException s ? s.status() : 400;
          r = text(HttpResponseStatus.valueOf(code >= 400 && code < 600 ? code : 400), "text/plain", "not prefetched: " + t.getMessage() + "\n");
        }
        HttpUtil.setKeepAlive(r, keepAlive);
        var f = ctx.writeAndFlush(r);
        if (!keepAlive) {
          f.addListener(ChannelFutureListener.CLOSE);
        }
      });
    }

    /** {@code POST /log-level?logger=NAME&level=LEVEL}: 200 with what changed, 400 with the reason. */
    private FullHttpResponse logLevel(FullHttpRequest req) {
      String usage = "POST /log-level?logger=NAME&level=LEVEL (NAME: a logger such as org.seamcache.proxy or seamcache.access, or root)\n";
      if (!req.method().equals(HttpMethod.POST)) {
        return text(HttpResponseStatus.METHOD_NOT_ALLOWED, "text/plain", usage);
      }
      var params = new io.netty.handler.codec.http.QueryStringDecoder(req.uri()).parameters();
      java.util.List<String> logger = params.get("logger");
      java.util.List<String> level = params.get("level");
      if (logger == null || logger.size() != 1 || logger.get(0).isBlank() || level == null || level.size() != 1) {
        return text(HttpResponseStatus.BAD_REQUEST, "text/plain", "one logger and one level parameter: " + usage);
      }
      try {
        return text(HttpResponseStatus.OK, "text/plain", logLevels.set(logger.get(0).strip(), level.get(0).strip()) + "\n");
      } catch (IllegalArgumentException e) {
        return text(HttpResponseStatus.BAD_REQUEST, "text/plain", "not changed: " + e.getMessage() + "\n");
      } catch (UnsupportedOperationException e) {
        return text(HttpResponseStatus.NOT_IMPLEMENTED, "text/plain", "not changed: " + e.getMessage() + "\n");
      }
    }

    private static void send(ChannelHandlerContext ctx, FullHttpRequest req, FullHttpResponse r) {
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
