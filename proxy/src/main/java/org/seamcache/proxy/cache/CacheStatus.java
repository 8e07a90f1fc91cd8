package org.seamcache.proxy.cache;

import java.util.List;

/**
 * The cache's part of {@code /status}: each stored title's standing and the most recent decisions.
 * Immutable.
 *
 * @param titles stored titles, most recently used first (bounded)
 * @param recent the newest decisions, oldest first (at most {@link CacheDecisions#KEPT})
 */
public record CacheStatus(List<StoredTitleStatus> titles, List<CacheDecision> recent) {

  public static final CacheStatus EMPTY = new CacheStatus(List.of(), List.of());

  public CacheStatus {
    titles = List.copyOf(titles);
    recent = List.copyOf(recent);
  }
}
