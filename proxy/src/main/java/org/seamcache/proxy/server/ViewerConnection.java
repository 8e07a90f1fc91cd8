package org.seamcache.proxy.server;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.util.HashMap;
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
  private final Set<String> sessions = ConcurrentHashMap.newKeySet();
  private volatile boolean closeAfterAnswer;

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

  synchronized void park(String proxyUri, UpstreamLeg leg) {
    UpstreamLeg old = parkedLegs.put(proxyUri, leg);
    if (old != null) {
      old.eventLoop().execute(old::teardown);
    }
  }

  synchronized UpstreamLeg takeParked(String proxyUri) {
    return parkedLegs.remove(proxyUri);
  }

  synchronized void releaseParked() {
    parkedLegs.values().forEach(l -> l.eventLoop().execute(l::teardown));
    parkedLegs.clear();
  }

  Set<String> sessions() {
    return sessions;
  }

  void closeAfterAnswer() {
    closeAfterAnswer = true;
  }

  boolean closingAfterAnswer() {
    return closeAfterAnswer;
  }
}
