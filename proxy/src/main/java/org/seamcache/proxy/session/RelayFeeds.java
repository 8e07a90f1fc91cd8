package org.seamcache.proxy.session;

import io.netty.channel.EventLoopGroup;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.seamcache.proxy.cluster.Cluster;
import org.seamcache.proxy.cluster.RelayAssignment;
import org.seamcache.proxy.route.OriginTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this node does on its relay assignments (`003`): assigned to relay a live stream for a
 * sibling, it opens the stream (DESCRIBE to the sibling: {@link ContentSources} sends every leg of
 * a relayed stream there, with a node-to-node token) and holds it up while the assignment stands,
 * so the viewers the sibling redirects here join a running stream; released, it ceases: the
 * stream ends at once when nobody watches it here (else after its last viewer), and with it the
 * feed from the sibling. Thread-safe.
 */
public final class RelayFeeds implements Cluster.RelayPulls {
  private static final Logger log = LoggerFactory.getLogger(RelayFeeds.class);

  private final ContentSources sources;
  private final EventLoopGroup group;
  /** Per content key: the stream held for a relay (null while it opens). */
  private final Map<String, Optional<LiveStream>> held = new ConcurrentHashMap<>();

  public RelayFeeds(ContentSources sources, EventLoopGroup group) {
    this.sources = sources;
    this.group = group;
  }

  @Override
  public void assigned(RelayAssignment a) {
    if (held.putIfAbsent(a.key(), Optional.empty()) != null) {
      return;
    }
    // the origin URL, as the proxy's own request for it (its Via): recorded and shared under the same key as
    // on the feeding node; the proxy URL only names the SDP this open discards (viewers get theirs at their DESCRIBE)
    OriginTarget target = new OriginTarget(URI.create(a.key()), "rtsp://relay/" + a.key(), a.routeName(), sources.ownVia());
    sources.openHeldLive(target, group.next()).whenComplete((stream, e) -> {
      if (e != null || stream.isEmpty()) {
        held.remove(a.key());
        log.warn("relay of {} from {}: not opened ({})", a.key(), a.from().id(),
            e != null ? (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()) : "not a live stream");
        return;
      }
      log.info("relay of {} from {}: stream open, held while assigned", a.key(), a.from().id());
      if (!held.replace(a.key(), Optional.empty(), stream)) {
        stream.get().cease("relay released while it opened"); // released meanwhile: released() found nothing to cease
      }
    });
  }

  @Override
  public void released(RelayAssignment a) {
    Optional<LiveStream> stream = held.remove(a.key());
    if (stream != null && stream.isPresent()) {
      stream.get().cease("relay of " + a.key() + " for " + a.from().id() + " released");
    }
  }
}
