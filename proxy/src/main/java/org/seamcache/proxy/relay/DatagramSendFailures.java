package org.seamcache.proxy.relay;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.atomic.LongAdder;

/**
 * Last in a shared datagram socket's pipeline: a datagram the kernel refused to send (written
 * without a promise) arrives here as an exception. It is counted as a failed packet and reported in
 * at most one log line per interval, never as a stack trace per packet; the socket stays open for
 * every other viewer.
 */
@Sharable
public final class DatagramSendFailures extends ChannelInboundHandlerAdapter {
  private final ViewerFailures failures;

  public DatagramSendFailures(String socket, LongAdder processTotal) {
    this.failures = new ViewerFailures("datagrams from " + socket, processTotal);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    failures.failed(cause);
  }

  /** Sends refused so far. */
  public long failed() {
    return failures.total();
  }
}
