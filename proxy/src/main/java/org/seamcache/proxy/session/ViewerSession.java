package org.seamcache.proxy.session;

import io.netty.channel.Channel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import org.seamcache.proxy.relay.ViewerOutput;
import org.seamcache.proxy.rtsp.TransportSpec;

/**
 * One viewer's RTSP session: which content, which tracks with which transport, what it plays, and
 * when it was last heard from, and who owns it: a session id is no secret once seen on the wire,
 * so only its owner may act on it (RFC 2326 §1.1 lets a viewer use new connections; an
 * interleaved session has its media on the connection that created it). Mutated under its own
 * lock (requests of one session may arrive on several connections).
 */
public final class ViewerSession {
  private final String id;
  /** The RTSP connection's address:port that created the session (for the access log). */
  private final InetSocketAddress remote;
  private final InetAddress client;
  /** The connection an interleaved session belongs to; null for UDP, which belongs to {@link #client}. */
  private final Channel ownerConnection;
  private final ContentRef content;
  private final TransportSpec[] transports;
  private final int timeoutSeconds;
  private final long createdNanos;
  private Channel tcpConnection;
  private CompletableFuture<Playback> playback;
  private ViewerOutput output;
  private volatile long lastHeardNanos;
  private boolean closed;

  ViewerSession(String id, InetSocketAddress remote, Channel ownerConnection, ContentRef content, int timeoutSeconds, long nowNanos) {
    this.id = id;
    this.remote = remote;
    this.client = remote.getAddress();
    this.ownerConnection = ownerConnection;
    this.content = content;
    this.transports = new TransportSpec[content.description().tracks().size()];
    this.timeoutSeconds = timeoutSeconds;
    this.lastHeardNanos = nowNanos;
    this.createdNanos = nowNanos;
  }

  public String id() {
    return id;
  }

  public InetAddress client() {
    return client;
  }

  /**
   * Whether a request on {@code connection} from {@code address} may use this session: on its own
   * connection if interleaved, from its viewer's address if UDP.
   */
  public boolean ownedBy(Channel connection, InetAddress address) {
    return ownerConnection != null ? ownerConnection == connection : client.equals(address);
  }

  public ContentRef content() {
    return content;
  }

  public int timeoutSeconds() {
    return timeoutSeconds;
  }

  public void heard(long nowNanos) {
    lastHeardNanos = nowNanos;
  }

  /** UDP sessions live on keep-alives; an interleaved one lives as long as its connection. */
  synchronized boolean expired(long nowNanos) {
    if (tcpConnection != null) {
      return !tcpConnection.isActive();
    }
    return nowNanos - lastHeardNanos > timeoutSeconds * 1_000_000_000L;
  }

  public synchronized void setTransport(int track, TransportSpec spec, Channel connection) {
    transports[track] = spec;
    if (spec.isTcp()) {
      tcpConnection = connection;
    }
  }

  public synchronized TransportSpec transport(int track) {
    return transports[track];
  }

  /** Whether {@code port} is one of this viewer's UDP client ports. */
  public synchronized boolean receivesRtcpAt(int port) {
    for (TransportSpec t : transports) {
      if (t != null && t.clientPort().isPresent()) {
        var p = t.clientPort().get();
        if (port >= p.first() && port <= Math.max(p.last(), p.first() + 1)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The lower transport already chosen by an earlier SETUP, or null. */
  public synchronized TransportSpec.LowerTransport lowerTransport() {
    for (TransportSpec t : transports) {
      if (t != null) {
        return t.lowerTransport();
      }
    }
    return null;
  }

  public synchronized int[] setupTracks() {
    return java.util.stream.IntStream.range(0, transports.length).filter(i -> transports[i] != null).toArray();
  }

  /** Whether PLAY has created what this session plays. */
  public synchronized boolean playbackStarted() {
    return playback != null;
  }

  /** What this session plays, once its upstream share is ready. */
  public synchronized CompletableFuture<Playback> playbackFuture() {
    return playback;
  }

  public synchronized void attach(CompletableFuture<Playback> p) {
    this.playback = p;
    if (closed) {
      p.thenAccept(Playback::close);
    }
  }

  /** Where PLAY sends this session's packets; its counters go into the access log line. */
  public synchronized void deliversTo(ViewerOutput o) {
    this.output = o;
  }

  /** The access log's account of this session, ending now for {@code ended}. */
  synchronized AccessLog.SessionEnded summary(AccessLog.Ending ended, long nowNanos) {
    TransportSpec.LowerTransport lower = lowerTransport();
    long dropped = output == null ? 0 : output.dropped();
    long failed = output == null ? 0 : output.failed();
    return new AccessLog.SessionEnded(
        id,
        remote,
        content.proxyUri(),
        lower == null ? "-" : lower == TransportSpec.LowerTransport.TCP ? "tcp" : "udp",
        AccessLog.Source.of(content),
        Duration.ofNanos(Math.max(0, nowNanos - createdNanos)),
        output == null ? 0 : output.sent(),
        output == null ? 0 : output.bytesSent(),
        dropped - failed,
        failed,
        ended);
  }

  public synchronized Channel tcpConnection() {
    return tcpConnection;
  }

  /** The proxy is stopping: the viewer is told its stream ends (see {@link Playback#sayGoodbye()}). */
  public synchronized void sayGoodbye() {
    if (playback != null && !closed) {
      playback.thenAccept(Playback::sayGoodbye);
    }
  }

  /** Ends the session; returns false if it already was. */
  synchronized boolean close() {
    if (closed) {
      return false;
    }
    closed = true;
    if (playback != null) {
      playback.thenAccept(Playback::close);
    }
    return true;
  }

  public synchronized boolean isClosed() {
    return closed;
  }

  @Override
  public synchronized String toString() {
    return "ViewerSession(" + id + ", " + client.getHostAddress() + ", " + content.proxyUri() + ", tracks " + Arrays.toString(setupTracks()) + ")";
  }
}
