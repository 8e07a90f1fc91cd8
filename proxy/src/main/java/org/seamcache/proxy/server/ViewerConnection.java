package org.seamcache.proxy.server;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.seamcache.proxy.session.ContentRef;
import org.seamcache.proxy.upstream.UpstreamLeg;

/**
 * What the proxy remembers about one viewer's RTSP connection: the contents it DESCRIBEd (so a
 * SETUP can name a track), a stored content's leg kept from DESCRIBE for the coming PLAY, and the
 * sessions it created. Touched on the connection's event loop and by answers completing elsewhere.
 */
final class ViewerConnection {
  private final Channel channel;
  private final Map<String, ContentRef> described = new ConcurrentHashMap<>();
  private final Map<String, UpstreamLeg> parkedLegs = new HashMap<>();
  private final Set<UpstreamLeg> upstream = new HashSet<>();
  private int opening;
  private boolean closed;
  private final Set<String> sessions = ConcurrentHashMap.newKeySet();
  private volatile boolean closeAfterAnswer;
  /** URL paths a viewer token admitted this connection to, with when each token expires (epoch ms). */
  private final Map<String, Long> tokenGrants = new ConcurrentHashMap<>();
  /** Paths a sibling's cluster token admitted on this connection, to when it expires. */
  private final Set<String> clusterGrants = ConcurrentHashMap.newKeySet();

  ViewerConnection(Channel channel) {
    this.channel = channel;
  }

  Channel channel() {
    return channel;
  }

  InetSocketAddress remote() {
    return (InetSocketAddress) channel.remoteAddress();
  }

  /** host:port of the proxy socket the viewer reached, to tell requests for the proxy from ones to forward. */
  String localHostPort() {
    InetSocketAddress local = (InetSocketAddress) channel.localAddress();
    return local.getAddress().getHostAddress() + ":" + local.getPort();
  }

  void described(ContentRef ref) {
    described.put(ref.proxyUri(), ref);
  }

  /** The described content whose URL {@code uri} is, or lies under. */
  ContentRef describedFor(String uri) {
    ContentRef best = null;
    for (ContentRef ref : described.values()) {
      String base = ref.proxyUri();
      if ((uri.equals(base) || uri.startsWith(base + "/")) && (best == null || base.length() > best.proxyUri().length())) {
        best = ref;
      }
    }
    return best;
  }

  /**
   * Room for one more upstream connection opened for this viewer connection: true (and counted as
   * being opened until {@link #describeEnded}) unless it already holds {@code limit}.
   */
  synchronized boolean reserveUpstream(int limit) {
    if (opening + upstream.size() >= limit) {
      return false;
    }
    opening++;
    return true;
  }

  /** Upstream connections being opened or still open for this viewer connection. */
  synchronized int upstreamHeld() {
    return opening + upstream.size();
  }

  /**
   * A DESCRIBE reserved with {@link #reserveUpstream} ended. {@code opened} is the leg it opened
   * (counted while it is open), {@code parked} a stored content's leg kept here for the coming
   * PLAY, either may be null. A connection that closed meanwhile gets nothing: the parked leg is
   * torn down at once, as nobody is left to PLAY it.
   */
  synchronized void describeEnded(String proxyUri, UpstreamLeg opened, UpstreamLeg parked) {
    opening--;
    if (opened != null && !opened.isClosed()) {
      upstream.add(opened);
      opened.closed().thenRun(() -> forget(opened));
    }
    if (parked == null) {
      return;
    }
    if (closed) {
      parked.eventLoop().execute(parked::teardown);
      return;
    }
    UpstreamLeg old = parkedLegs.put(proxyUri, parked);
    if (old != null && old != parked) {
      old.eventLoop().execute(old::teardown);
    }
  }

  private synchronized void forget(UpstreamLeg leg) {
    upstream.remove(leg);
    parkedLegs.values().remove(leg); // the origin closed it before PLAY
  }

  synchronized UpstreamLeg takeParked(String proxyUri) {
    return parkedLegs.remove(proxyUri);
  }

  /** The connection closed: parked legs are torn down, and so is any that arrives later. */
  synchronized void releaseParked() {
    closed = true;
    parkedLegs.values().forEach(l -> l.eventLoop().execute(l::teardown));
    parkedLegs.clear();
  }

  Set<String> sessions() {
    return sessions;
  }

  /**
   * A valid token for {@code path} was shown: later requests on this connection at or under it
   * (the SETUP and PLAY of control URLs a player derives from Content-Base, without the query) are
   * admitted until the token expires.
   */
  void grantToken(String path, long expiresMillis) {
    tokenGrants.merge(path, expiresMillis, Math::max);
  }

  /**
   * Whether a token shown earlier on this connection admits a request for {@code path} at
   * {@code nowMillis}: the token's own path, or with {@code under} also what lies under it.
   */
  boolean tokenGranted(String path, long nowMillis, boolean under) {
    for (Map.Entry<String, Long> g : tokenGrants.entrySet()) {
      if (g.getValue() > nowMillis && (under ? TokenQuery.covers(g.getKey(), path) : g.getKey().equals(path))) {
        return true;
      }
    }
    return false;
  }

  /**
   * A valid cluster token for {@code path} was shown: later requests on this connection at or under
   * it are the sibling's (or the viewer's it sent) too, for as long as the connection lasts (the
   * token's short life bounds its replay, not the viewing it began).
   */
  void grantCluster(String path) {
    clusterGrants.add(path);
  }

  /** Whether a cluster token shown earlier on this connection admits a request for {@code path}. */
  boolean clusterGranted(String path) {
    return clusterGrants.stream().anyMatch(g -> TokenQuery.covers(g, path));
  }

  void closeAfterAnswer() {
    closeAfterAnswer = true;
  }

  boolean closingAfterAnswer() {
    return closeAfterAnswer;
  }
}
