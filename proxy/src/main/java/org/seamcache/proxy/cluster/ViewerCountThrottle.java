package org.seamcache.proxy.cluster;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Bounds the registry writes viewer counts cost: a live stream's published count follows its real
 * one at once when it crosses one of its relay thresholds (the leader decides on those), and
 * otherwise at most once per {@link #COUNT_STEP_NANOS}. With the publisher's one write per entry per
 * round, a stream whose viewers come and go costs at most one write per round while near a
 * threshold and one per step elsewhere. Confined to the publisher's thread.
 */
final class ViewerCountThrottle {
  /** A count change that crosses no threshold waits this long at most before it is published. */
  static final long COUNT_STEP_NANOS = 10_000_000_000L;

  private record Published(int viewers, long atNanos) {}

  private final Map<String, Published> published = new HashMap<>();

  /** The count to publish for {@code key} now. */
  int toPublish(String key, int viewers, RelayThresholds thresholds, long nowNanos) {
    Published p = published.get(key);
    if (p != null && (p.viewers() == viewers
        || (thresholds.band(viewers) == thresholds.band(p.viewers()) && nowNanos - p.atNanos() < COUNT_STEP_NANOS))) {
      return p.viewers();
    }
    published.put(key, new Published(viewers, nowNanos));
    return viewers;
  }

  /** Forgets the streams not in {@code running}. */
  void retain(Set<String> running) {
    published.keySet().retainAll(running);
  }
}
