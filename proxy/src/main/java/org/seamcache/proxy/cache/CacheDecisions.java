package org.seamcache.proxy.cache;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cache's recent decisions (a bounded ring: the newest {@value #KEPT}) and, per stored copy, how
 * often it answered from disk and how its last revalidation went. Each decision is also one INFO
 * line (DEBUG for a live stream's). In memory only: counts start again with the process. Thread-safe.
 */
public final class CacheDecisions {
  private static final Logger log = LoggerFactory.getLogger(CacheDecisions.class);
  /** Decisions kept for {@code /status}. */
  public static final int KEPT = 50;

  /** The last revalidation of a copy with its origin. */
  public record Revalidation(long atMillis, String result) {}

  private final ArrayDeque<CacheDecision> recent = new ArrayDeque<>(KEPT);
  private final Map<String, LongAdder> served = new ConcurrentHashMap<>();
  private final Map<String, Revalidation> revalidations = new ConcurrentHashMap<>();

  public void record(CacheDecision d) {
    // A live DESCRIBE decides nothing about the cache and the access log has its session: DEBUG, so
    // that a busy live node does not write two lines per viewer.
    if (d.kind() == CacheDecision.Kind.LIVE ? log.isDebugEnabled() : log.isInfoEnabled()) {
      String line = "cache " + d.kind().label() + " " + d.content() + (d.viewer().isEmpty() ? "" : " for " + d.viewer()) + ": " + d.reason();
      if (d.kind() == CacheDecision.Kind.LIVE) {
        log.debug(line);
      } else {
        log.info(line);
      }
    }
    if (!d.contentId().isEmpty() && (d.kind() == CacheDecision.Kind.HIT || d.kind() == CacheDecision.Kind.REVALIDATED
        || d.kind() == CacheDecision.Kind.STALE)) {
      served.computeIfAbsent(d.contentId(), k -> new LongAdder()).increment();
    }
    synchronized (recent) {
      if (recent.size() == KEPT) {
        recent.removeFirst();
      }
      recent.addLast(d);
    }
  }

  /** The copy {@code contentId} was revalidated with its origin at {@code atMillis}: {@code result} says how it went. */
  public void revalidated(String contentId, long atMillis, String result) {
    revalidations.put(contentId, new Revalidation(atMillis, result));
  }

  /** The newest decisions, oldest first. */
  public List<CacheDecision> recent() {
    synchronized (recent) {
      return List.copyOf(recent);
    }
  }

  /** DESCRIBEs copy {@code contentId} answered from disk since the start. */
  public long servedFromCache(String contentId) {
    LongAdder n = served.get(contentId);
    return n == null ? 0 : n.sum();
  }

  /** The copy's last revalidation, or null if none since the start. */
  public Revalidation lastRevalidation(String contentId) {
    return revalidations.get(contentId);
  }
}
