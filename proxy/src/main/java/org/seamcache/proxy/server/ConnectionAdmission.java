package org.seamcache.proxy.server;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.util.AttributeKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.seamcache.proxy.session.AccessLog;

/**
 * Admits a new viewer connection while there is room: at most {@code maxConnections} in total and
 * {@code maxConnectionsPerAddress} from one client address. A connection beyond either gets one 503
 * with the reason and is closed before anything it sent is read. Shared by all connections.
 */
@ChannelHandler.Sharable
final class ConnectionAdmission extends ChannelInboundHandlerAdapter {
  private static final AttributeKey<InetAddress> ADMITTED = AttributeKey.valueOf("seamcache.admitted");

  private final int maxConnections;
  private final int maxPerAddress;
  private final AtomicInteger open = new AtomicInteger();
  private final Map<InetAddress, AtomicInteger> perAddress = new ConcurrentHashMap<>();

  ConnectionAdmission(ConnectionLimits limits) {
    this.maxConnections = limits.maxConnections();
    this.maxPerAddress = limits.maxConnectionsPerAddress();
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    if (!(ctx.channel().remoteAddress() instanceof InetSocketAddress remote)) {
      ctx.close(); // gone already
      return;
    }
    InetAddress client = remote.getAddress();
    String refusal = admit(client);
    if (refusal == null) {
      ctx.channel().attr(ADMITTED).set(client);
      ctx.fireChannelActive();
      return;
    }
    ctx.channel().config().setAutoRead(false); // nothing it sent is acted upon
    AccessLog.refused(remote, null, null, 503, refusal);
    FullHttpResponse r = ViewerRequests.response(503, refusal);
    r.headers().set("Server", ViewerRequests.SERVER);
    r.headers().set("Connection", "close");
    r.headers().setInt("Content-Length", 0);
    ctx.channel().writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
  }

  /** Null when admitted (and counted), else the reason for refusing. */
  private String admit(InetAddress client) {
    if (open.incrementAndGet() > maxConnections) {
      open.decrementAndGet();
      return "too many connections (" + maxConnections + ")";
    }
    AtomicInteger mine = perAddress.computeIfAbsent(client, a -> new AtomicInteger());
    if (mine.incrementAndGet() > maxPerAddress) {
      release(client);
      return "too many connections from " + client.getHostAddress() + " (" + maxPerAddress + ")";
    }
    return null;
  }

  private void release(InetAddress client) {
    open.decrementAndGet();
    perAddress.computeIfPresent(client, (a, n) -> n.decrementAndGet() == 0 ? null : n);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    InetAddress client = ctx.channel().attr(ADMITTED).getAndSet(null);
    if (client != null) {
      release(client);
      ctx.fireChannelInactive();
    }
  }
}
