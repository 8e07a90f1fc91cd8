package org.seamcache.proxy.upstream;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.rtsp.RtspResponseStatuses;
import io.netty.handler.codec.rtsp.RtspVersions;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.seamcache.proxy.rtsp.InterleavedFrame;
import org.seamcache.proxy.rtsp.RtspPipeline;
import org.seamcache.proxy.rtsp.RtspResponse;
import org.seamcache.proxy.rtsp.RtspStatusException;
import org.seamcache.proxy.transport.Transports;

/**
 * One RTSP control connection to an origin: sends requests with increasing CSeq, matches
 * responses by CSeq, answers a 401 once with credentials, times requests out, and hands
 * interleaved frames to a listener.
 *
 * <p>Confined to its channel's event loop: call every method from that loop.
 */
public final class OriginConnection {
  static final String USER_AGENT = "seamcache/0.1";

  /** What the connection reports besides responses. Called on the event loop. */
  public interface Listener {
    /** An interleaved RTP/RTCP frame; the listener releases it. */
    void onFrame(InterleavedFrame frame);

    void onClosed();
  }

  private final Channel channel;
  private final OriginAuthenticator authenticator;
  private final Duration requestTimeout;
  private final String via;
  private final Map<Integer, Pending> pending = new HashMap<>();
  private Listener listener;
  private int nextCseq = 1;
  private String session;

  private record Pending(
      HttpMethod method, String uri, HttpHeaders headers, CompletableFuture<RtspResponse> result,
      ScheduledFuture<?> timeout, boolean authRetried) {}

  private OriginConnection(Channel channel, OriginAuthenticator authenticator, Duration requestTimeout, String via) {
    this.channel = channel;
    this.via = via;
    this.authenticator = authenticator;
    this.requestTimeout = requestTimeout;
  }

  /** Connects on {@code loop}; the future completes on that loop. */
  public static CompletableFuture<OriginConnection> connect(
      EventLoop loop, InetSocketAddress address, OriginAuthenticator authenticator, Duration timeout) {
    return connect(loop, address, authenticator, timeout, null);
  }

  /** As above; every request carries {@code via} as its {@code Via} header (null: none). */
  public static CompletableFuture<OriginConnection> connect(
      EventLoop loop, InetSocketAddress address, OriginAuthenticator authenticator, Duration timeout, String via) {
    CompletableFuture<OriginConnection> result = new CompletableFuture<>();
    OriginConnection[] holder = new OriginConnection[1];
    Bootstrap b =
        new Bootstrap()
            .group(loop)
            .channel(Transports.socketChannel())
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeout.toMillis())
            .option(ChannelOption.TCP_NODELAY, true)
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    RtspPipeline.install(ch.pipeline());
                    ch.pipeline().addLast("origin", new InboundHandler(holder));
                  }
                });
    b.connect(address)
        .addListener(
            (ChannelFutureListener)
                f -> {
                  if (f.isSuccess()) {
                    holder[0] = new OriginConnection(f.channel(), authenticator, timeout, via);
                    result.complete(holder[0]);
                  } else {
                    result.completeExceptionally(
                        new RtspStatusException(502, "origin " + address + " unreachable: " + f.cause().getMessage(), f.cause()));
                  }
                });
    return result;
  }

  public void listener(Listener listener) {
    this.listener = listener;
  }

  public Channel channel() {
    return channel;
  }

  public EventLoop eventLoop() {
    return channel.eventLoop();
  }

  /** The origin's session id, once a SETUP response carried one. */
  public String session() {
    return session;
  }

  /** Forgets the origin's session id (after a TEARDOWN, before a new SETUP). */
  public void clearSession() {
    session = null;
  }

  public boolean isOpen() {
    return channel.isActive();
  }

  public CompletableFuture<RtspResponse> request(HttpMethod method, String uri, HttpHeaders headers) {
    CompletableFuture<RtspResponse> result = new CompletableFuture<>();
    send(method, uri, headers, result, false);
    return result;
  }

  private void send(HttpMethod method, String uri, HttpHeaders headers, CompletableFuture<RtspResponse> result, boolean authRetried) {
    if (!channel.isActive()) {
      result.completeExceptionally(new RtspStatusException(502, "origin connection closed"));
      return;
    }
    int cseq = nextCseq++;
    FullHttpRequest req = new DefaultFullHttpRequest(RtspVersions.RTSP_1_0, method, uri, Unpooled.EMPTY_BUFFER);
    req.headers().set(headers);
    req.headers().set("CSeq", cseq);
    req.headers().set("User-Agent", USER_AGENT);
    if (via != null) {
      req.headers().set("Via", via);
    }
    if (session != null && !req.headers().contains("Session")) {
      req.headers().set("Session", session);
    }
    String authorization = authenticator.authorization(method.name(), uri);
    if (authorization != null) {
      req.headers().set("Authorization", authorization);
    }
    ScheduledFuture<?> timeout =
        channel.eventLoop()
            .schedule(
                () -> {
                  Pending p = pending.remove(cseq);
                  if (p != null) {
                    p.result.completeExceptionally(
                        new RtspStatusException(504, "origin did not answer " + method + " within " + requestTimeout.toMillis() + " ms"));
                  }
                },
                requestTimeout.toMillis(),
                TimeUnit.MILLISECONDS);
    pending.put(cseq, new Pending(method, uri, headers, result, timeout, authRetried));
    channel.writeAndFlush(req);
  }

  private void onResponse(FullHttpResponse response) {
    Integer cseq = parseCseq(response.headers().get("CSeq"));
    Pending p = cseq == null ? null : pending.remove(cseq);
    if (p == null) {
      return; // a late answer to a request that timed out
    }
    p.timeout.cancel(false);
    RtspResponse r = RtspResponse.of(response);
    if (r.status() == 401 && !p.authRetried && authenticator.accept(r.headers().getAll("WWW-Authenticate"))) {
      send(p.method, p.uri, p.headers, p.result, true);
      return;
    }
    String s = r.header("Session");
    if (s != null && r.isSuccess()) {
      int semi = s.indexOf(';');
      session = (semi < 0 ? s : s.substring(0, semi)).trim();
    }
    p.result.complete(r);
  }

  private static Integer parseCseq(String value) {
    try {
      return value == null ? null : Integer.valueOf(value.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private void onClosed() {
    for (Pending p : pending.values()) {
      p.timeout.cancel(false);
      p.result.completeExceptionally(new RtspStatusException(502, "origin closed the connection"));
    }
    pending.clear();
    if (listener != null) {
      listener.onClosed();
    }
  }

  public void close() {
    channel.close();
  }

  /** Writes an interleaved frame (e.g. an RTCP receiver report) to the origin. */
  public void writeFrame(InterleavedFrame frame) {
    channel.writeAndFlush(frame, channel.voidPromise());
  }

  private static final class InboundHandler extends SimpleChannelInboundHandler<Object> {
    private final OriginConnection[] holder;

    InboundHandler(OriginConnection[] holder) {
      super(false);
      this.holder = holder;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
      OriginConnection c = holder[0];
      if (msg instanceof InterleavedFrame frame) {
        if (c != null && c.listener != null) {
          c.listener.onFrame(frame);
        } else {
          frame.release();
        }
      } else if (msg instanceof FullHttpResponse response) {
        try {
          if (c != null) {
            c.onResponse(response);
          }
        } finally {
          response.release();
        }
      } else if (msg instanceof FullHttpRequest request) {
        // Requests from the origin (ANNOUNCE, GET_PARAMETER...): none is needed; say so politely.
        try {
          var resp = new DefaultFullHttpResponse(RtspVersions.RTSP_1_0, RtspResponseStatuses.NOT_IMPLEMENTED);
          String cseq = request.headers().get("CSeq");
          if (cseq != null) {
            resp.headers().set("CSeq", cseq);
          }
          resp.headers().set("Content-Length", 0);
          ctx.writeAndFlush(resp);
        } finally {
          request.release();
        }
      } else {
        ReferenceCountUtil.release(msg);
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (holder[0] != null) {
        holder[0].onClosed();
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close(); // framing with the origin is lost; pending requests fail in onClosed
    }
  }

}
