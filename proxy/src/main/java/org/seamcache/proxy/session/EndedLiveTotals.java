package org.seamcache.proxy.session;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The seaming figures of live streams that have ended, summed per route, so that per-route totals
 * (running streams plus these) keep counting up after a stream goes away. Thread-safe.
 */
public final class EndedLiveTotals {
  /** Positions released with a copy, released as gaps, and filled by a leg other than the reference. */
  public record Figures(long released, long gaps, long fills) {
    static final Figures NONE = new Figures(0, 0, 0);

    Figures plus(ContentHubStatus s) {
      return new Figures(released + s.released(), gaps + s.gaps(), fills + s.fills());
    }
  }

  /** Keyed by route name, "" for streams reached without a route (a map holds no null key). */
  private final Map<String, Figures> byRoute = new ConcurrentHashMap<>();

  void add(String routeName, ContentHubStatus ended) {
    byRoute.merge(key(routeName), Figures.NONE.plus(ended), (a, b) -> new Figures(a.released + b.released, a.gaps + b.gaps, a.fills + b.fills));
  }

  /** @param routeName a configured route's name, or null for streams reached without one */
  public Figures of(String routeName) {
    return byRoute.getOrDefault(key(routeName), Figures.NONE);
  }

  private static String key(String routeName) {
    return routeName == null ? "" : routeName;
  }
}
