package org.seamcache.proxy.cache;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * How titles are cached and their viewings reported, globally and per route: the max age of a
 * title whose origin sends none (null: no bound), where sessions served from the cache are
 * reported (null: not reported), routes whose titles are never served from the cache (content that
 * must always go to the origin, pay-per-view), and the hours in which titles are repaired and
 * prefetched. Immutable.
 */
public record CachePolicy(Duration maxAge, Map<String, Duration> routeMaxAge, URI reportUrl, Map<String, URI> routeReportUrl,
    Set<String> uncachedRoutes, RepairWindow repairWindow) {

  public CachePolicy(Duration maxAge, Map<String, Duration> routeMaxAge, URI reportUrl, Map<String, URI> routeReportUrl,
      Set<String> uncachedRoutes) {
    this(maxAge, routeMaxAge, reportUrl, routeReportUrl, uncachedRoutes, RepairWindow.ALWAYS);
  }

  public CachePolicy {
    routeMaxAge = Map.copyOf(routeMaxAge);
    routeReportUrl = Map.copyOf(routeReportUrl);
    uncachedRoutes = Set.copyOf(uncachedRoutes);
  }

  /** No bound on age, no reports, every route cached. */
  public static CachePolicy defaults() {
    return new CachePolicy(null, Map.of(), null, Map.of(), Set.of(), RepairWindow.ALWAYS);
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
    return new CachePolicy(maxAge, routeMaxAge, url, routeReportUrl, uncachedRoutes, repairWindow);
  }

  public CachePolicy withRepairWindow(RepairWindow w) {
    return new CachePolicy(maxAge, routeMaxAge, reportUrl, routeReportUrl, uncachedRoutes, w);
  }
}
