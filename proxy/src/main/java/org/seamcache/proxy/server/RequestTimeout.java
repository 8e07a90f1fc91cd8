package org.seamcache.proxy.server;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.seamcache.proxy.rtsp.InterleavedFrameDecoder;
import org.seamcache.proxy.session.AccessLog;

/**
 * A request (or interleaved frame) begun must arrive whole within the timeout, or the viewer gets
 * 408 and the connection closes: a client trickling bytes (slowloris) holds a connection for that
 * long at most. Sits in front of the framer and asks it after each read whether it holds part of a
 * message. One instance per connection, on its event loop.
 */
final class RequestTimeout extends ChannelInboundHandlerAdapter {
  private final Duration timeout;
  private final InterleavedFrameDecoder framer;
  private ScheduledFuture<?> deadline;
  private long decodedWhenArmed;

  RequestTimeout(Duration timeout, InterleavedFrameDecoder framer) {
    this.timeout = timeout;
    this.framer = framer;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ctx.fireChannelRead(msg);
    if (!framer.holdsPartialInput()) {
      cancel();
    } else if (deadline == null) {
      arm(ctx);
    }
  }

  private void arm(ChannelHandlerContext ctx) {
    decodedWhenArmed = framer.decodedCount();
    deadline = ctx.executor().schedule(() -> expired(ctx), timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void expired(ChannelHandlerContext ctx) {
    deadline = null;
    if (!framer.holdsPartialInput() || !ctx.channel().isActive()) {
      return;
    }
    if (framer.decodedCount() != decodedWhenArmed) {
      arm(ctx); // what is partial now began after the timer started: it gets its own time
      return;
    }
    String reason = "request not received whole within " + timeout.toSeconds() + " s";
    FullHttpResponse r = ViewerRequests.response(408, reason);
    if (ctx.channel().remoteAddress() instanceof InetSocketAddress client) {
      AccessLog.refused(client, null, null, 408, reason);
    }
    r.headers().set("Server", ViewerRequests.SERVER);
    r.headers().set("Connection", "close");
    r.headers().setInt("Content-Length", 0);
    ctx.channel().writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
  }

  private void cancel() {
    if (deadline != null) {
      deadline.cancel(false);
      deadline = null;
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancel();
    ctx.fireChannelInactive();
  }
}
