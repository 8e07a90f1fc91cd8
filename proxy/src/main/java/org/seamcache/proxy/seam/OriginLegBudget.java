package org.seamcache.proxy.seam;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Upstream legs open per origin host, over all its contents, so extra legs never take an origin
 * past what it was given (many cameras allow one or two sessions). A content's first leg is always
 * counted but never refused: a viewer is not turned away for seaming's sake. Thread-safe.
 */
public final class OriginLegBudget {
  private final int maxPerOrigin;
  private final ConcurrentHashMap<String, Integer> open = new ConcurrentHashMap<>();

  public OriginLegBudget(int maxPerOrigin) {
    this.maxPerOrigin = maxPerOrigin;
  }

  /** Counts a content's first leg to {@code host}. */
  public void acquireFirst(String host) {
    open.merge(host, 1, Integer::sum);
  }

  /** Counts an extra leg to {@code host} if the budget allows; false when it does not. */
  public boolean tryAcquireExtra(String host) {
    boolean[] granted = {false};
    open.compute(host, (h, n) -> {
      int now = n == null ? 0 : n;
      if (now < maxPerOrigin) {
        granted[0] = true;
        return now + 1;
      }
      return n;
    });
    return granted[0];
  }

  /** A leg to {@code host} ended. */
  public void release(String host) {
    open.computeIfPresent(host, (h, n) -> n <= 1 ? null : n - 1);
  }

  /** Legs open to {@code host}. */
  public int open(String host) {
    return open.getOrDefault(host, 0);
  }

  public int maxPerOrigin() {
    return maxPerOrigin;
  }
}
