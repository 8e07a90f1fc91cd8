package org.seamcache.proxy.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.CompletableFuture;
import org.seamcache.proxy.rtsp.InterleavedFrame;
import org.seamcache.proxy.rtsp.RtspFramingException;
import org.seamcache.proxy.session.AccessLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty side of one viewer connection: turns decoded requests into calls of
 * {@link ViewerRequests}, writes the answers in request order (requests may be pipelined and
 * answered asynchronously), maps failures to RTSP statuses, and closes the connection when its
 * framing is lost. One instance per connection, on its event loop.
 */
final class ViewerConnectionHandler extends SimpleChannelInboundHandler<Object> {
  private static final Logger log = LoggerFactory.getLogger(ViewerConnectionHandler.class);

  private final ViewerRequests requests;
  private final ViewerConnection connection;
  private CompletableFuture<Void> previous = CompletableFuture.completedFuture(null);

  ViewerConnectionHandler(ViewerRequests requests, ViewerConnection connection) {
    super(false);
    this.requests = requests;
    this.connection = connection;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof InterleavedFrame frame) {
      try {
        requests.onViewerFrame(connection, frame);
      } finally {
        frame.release();
      }
      return;
    }
    if (msg instanceof FullHttpMessage broken && broken.decoderResult().isFailure() && !(msg instanceof FullHttpRequest)) {
      // Netty's decoder could not even tell a request from a response: answer as to a bad request.
      Throwable cause = broken.decoderResult().cause();
      broken.release();
      connection.closeAfterAnswer();
      previous = previous.thenRunAsync(() -> writeAndClose(ctx, connection, FailureAnswer.forFailure(cause)), ctx.executor());
      return;
    }
    if (!(msg instanceof FullHttpRequest request)) {
      ReferenceCountUtil.release(msg); // a viewer has no reason to send responses: the proxy asks nothing
      return;
    }
    String cseq = request.headers().get("CSeq");
    // A request Netty could not decode carries placeholders, not what the client sent.
    boolean decoded = request.decoderResult().isSuccess();
    String method = decoded ? request.method().name() : null;
    String uri = decoded ? request.uri() : null;
    CompletableFuture<Answer> answer;
    try {
      if (!decoded) {
        answer = CompletableFuture.completedFuture(Answer.of(FailureAnswer.forFailure(request.decoderResult().cause())));
        connection.closeAfterAnswer();
      } else {
        answer = requests.handle(connection, request);
      }
    } catch (RuntimeException e) {
      answer = CompletableFuture.failedFuture(e);
    } finally {
      request.release();
    }
    CompletableFuture<Answer> mine = answer.exceptionally(e -> Answer.of(FailureAnswer.forFailure(e)));
    // Answers leave in request order, whatever order they complete in.
    previous =
        previous.thenCompose(v -> mine)
            .thenAcceptAsync(
                a -> {
                  FullHttpResponse r = a.response();
                  if (cseq != null) {
                    r.headers().set("CSeq", cseq);
                  }
                  r.headers().set("Server", ViewerRequests.SERVER);
                  r.headers().setInt("Content-Length", r.content().readableBytes());
                  logIfRefused(connection, method, uri, r);
                  if (connection.closingAfterAnswer()) {
                    r.headers().set("Connection", "close");
                    ctx.writeAndFlush(r).addListener(f -> ctx.close());
                  } else {
                    ctx.writeAndFlush(r);
                  }
                  a.afterWrite().run();
                },
                ctx.executor());
  }

  private static void writeAndClose(ChannelHandlerContext ctx, ViewerConnection connection, FullHttpResponse r) {
    logIfRefused(connection, null, null, r);
    r.headers().set("Server", ViewerRequests.SERVER);
    r.headers().set("Connection", "close");
    r.headers().setInt("Content-Length", r.content().readableBytes());
    ctx.writeAndFlush(r).addListener(f -> ctx.close());
  }

  /** One access log line per error answer; {@code method} and {@code uri} null when no request was read. */
  private static void logIfRefused(ViewerConnection connection, String method, String uri, FullHttpResponse r) {
    if (r.status().code() >= 400) {
      AccessLog.refused(connection.remote(), method, uri, r.status().code(), r.status().reasonPhrase());
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    requests.onConnectionClosed(connection);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    Throwable t = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
    if (t instanceof RtspFramingException f) {
      // The byte stream can no longer be split into messages: answer once, then close.
      writeAndClose(ctx, connection, ViewerRequests.response(f.status(), f.getMessage()));
      return;
    }
    log.debug("viewer connection {} failed: {}", ctx.channel().remoteAddress(), t.toString());
    ctx.close();
  }
}
