package org.seamcache.proxy.cache;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * How titles are cached and their viewings reported, globally and per route: the max age of a
 * title whose origin sends none (null: no bound), where sessions served from the cache are
 * reported (null: not reported), routes whose titles are never served from the cache (content that
 * must always go to the origin, pay-per-view), the hours in which titles are repaired and
 * prefetched, and how much of a title a repair fetches: the whole title (default) unless its route
 * says only what was watched, or the whole title would exceed {@code repairMaxBytes} (0: no cap).
 * Immutable.
 */
public record CachePolicy(Duration maxAge, Map<String, Duration> routeMaxAge, URI reportUrl, Map<String, URI> routeReportUrl,
    Set<String> uncachedRoutes, RepairWindow repairWindow, Set<String> watchedOnlyRoutes, long repairMaxBytes) {

  public CachePolicy(Duration maxAge, Map<String, Duration> routeMaxAge, URI reportUrl, Map<String, URI> routeReportUrl,
      Set<String> uncachedRoutes, RepairWindow repairWindow) {
    this(maxAge, routeMaxAge, reportUrl, routeReportUrl, uncachedRoutes, repairWindow, Set.of(), 0);
  }

  public CachePolicy(Duration maxAge, Map<String, Duration> routeMaxAge, URI reportUrl, Map<String, URI> routeReportUrl,
      Set<String> uncachedRoutes) {
    this(maxAge, routeMaxAge, reportUrl, routeReportUrl, uncachedRoutes, RepairWindow.ALWAYS);
  }

  public CachePolicy {
    routeMaxAge = Map.copyOf(routeMaxAge);
    routeReportUrl = Map.copyOf(routeReportUrl);
    uncachedRoutes = Set.copyOf(uncachedRoutes);
    watchedOnlyRoutes = Set.copyOf(watchedOnlyRoutes);
  }

  /**
   * Whether a repair of a title of {@code route} fetches the whole title, or only the gaps inside
   * what was watched.
   *
   * @param estimatedTitleBytes the whole title's size, estimated from what is stored
   */
  public boolean repairsWholeTitle(String route, long estimatedTitleBytes) {
    if (route != null && watchedOnlyRoutes.contains(route)) {
      return false;
    }
    return repairMaxBytes <= 0 || estimatedTitleBytes <= repairMaxBytes;
  }

  /** No bound on age, no reports, every route cached. */
  public static CachePolicy defaults() {
    return new CachePolicy(null, Map.of(), null, Map.of(), Set.of(), RepairWindow.ALWAYS, Set.of(), 0);
  }

  /** Max age of a title of {@code route} (null: none) whose origin sends none; null: no bound. */
  public Duration maxAgeFor(String route) {
    return route != null && routeMaxAge.containsKey(route) ? routeMaxAge.get(route) : maxAge;
  }

  /** Where a viewing from the cache of {@code route} is reported; null: nowhere. */
  public URI reportUrlFor(String route) {
    return route != null && routeReportUrl.containsKey(route) ? routeReportUrl.get(route) : reportUrl;
  }

  /** Whether titles of {@code route} may be served from the cache. */
  public boolean caches(String route) {
    return route == null || !uncachedRoutes.contains(route);
  }

  public CachePolicy withReportUrl(URI url) {
    return new CachePolicy(maxAge, routeMaxAge, url, routeReportUrl, uncachedRoutes, repairWindow, watchedOnlyRoutes, repairMaxBytes);
  }

  public CachePolicy withRepairWindow(RepairWindow w) {
    return new CachePolicy(maxAge, routeMaxAge, reportUrl, routeReportUrl, uncachedRoutes, w, watchedOnlyRoutes, repairMaxBytes);
  }

  public CachePolicy withRepairScope(Set<String> watchedOnly, long maxBytes) {
    return new CachePolicy(maxAge, routeMaxAge, reportUrl, routeReportUrl, uncachedRoutes, repairWindow, watchedOnly, maxBytes);
  }
}
