package org.seamcache.proxy.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.seamcache.proxy.rtsp.InterleavedFrameDecoder;
import org.seamcache.proxy.session.SessionRegistry;

/**
 * Closes a viewer connection that sent nothing for the idle timeout and has no live session (never
 * had one, or its sessions timed out or were torn down): it holds a socket and whatever it
 * DESCRIBEd for nobody. A connection with a session may be quiet for long (a UDP viewer keeps its
 * session alive with RTCP), so it stays. One instance per connection, on its event loop.
 */
final class IdleConnectionCloser extends IdleStateHandler {
  private final ViewerConnection connection;
  private final SessionRegistry sessions;
  private final InterleavedFrameDecoder framer;

  IdleConnectionCloser(Duration idle, ViewerConnection connection, SessionRegistry sessions, InterleavedFrameDecoder framer) {
    super(idle.toMillis(), 0, 0, TimeUnit.MILLISECONDS);
    this.connection = connection;
    this.sessions = sessions;
    this.framer = framer;
  }

  @Override
  protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent evt) {
    boolean hasSession = connection.sessions().stream().anyMatch(id -> sessions.find(id) != null);
    if (!hasSession && !framer.holdsPartialInput()) { // a request under way gets its 408 from RequestTimeout
      ctx.close();
    }
  }
}
