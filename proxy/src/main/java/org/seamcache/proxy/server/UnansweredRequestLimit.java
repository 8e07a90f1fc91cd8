package org.seamcache.proxy.server;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.HttpResponse;
import org.seamcache.proxy.rtsp.InterleavedFrameDecoder;

/**
 * Flow control for one viewer connection: at most {@code max} requests may wait for their answer to
 * be written to the socket. At the limit the connection stops reading (its framer holds further
 * requests back as bytes, auto-read is off) until an answer goes out. A client that pipelines
 * requests and never reads the answers thus costs a few answers of memory, not one per request;
 * TCP pushes back on it instead. One instance per connection, on its event loop.
 */
final class UnansweredRequestLimit extends ChannelDuplexHandler {
  private final int max;
  private final InterleavedFrameDecoder framer;
  private volatile int unanswered; // read by status from other threads
  private boolean paused;

  UnansweredRequestLimit(int max, InterleavedFrameDecoder framer) {
    this.max = max;
    this.framer = framer;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof FullHttpMessage) { // a request, or one too broken to tell: each gets one answer
      unanswered++;
      if (unanswered >= max && !paused) {
        paused = true;
        framer.pauseMessages();
        ctx.channel().config().setAutoRead(false);
      }
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof HttpResponse) {
      if (promise.isVoid()) {
        answered(ctx);
      } else {
        promise.addListener(f -> answered(ctx)); // written or failed: either way it is no longer waiting
      }
    }
    ctx.write(msg, promise);
  }

  private void answered(ChannelHandlerContext ctx) {
    unanswered = Math.max(0, unanswered - 1); // answers to framing errors have no request counted
    if (paused && unanswered < max) {
      paused = false;
      framer.resumeMessages(); // may hand on enough held requests to pause again
      if (!paused) {
        ctx.channel().config().setAutoRead(true);
      }
    }
  }

  /** Requests read whose answers are not yet written (for tests and status). */
  int unanswered() {
    return unanswered;
  }
}
