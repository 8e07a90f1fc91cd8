package org.seamcache.proxy.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.ToLongFunction;
import org.seamcache.proxy.session.ContentHubStatus;
import org.seamcache.proxy.session.ContentSources;
import org.seamcache.proxy.session.EndedLiveTotals;
import org.seamcache.proxy.session.LiveStream;

/**
 * Live seaming per route (the route a stream was started through): legs open now, and positions
 * released with a copy, released as gaps and filled from another leg, counted over running and
 * ended streams. Labelled by route, not by origin URL or leg id, so the series are bounded by the
 * configuration however many streams and legs come and go.
 */
final class LiveSeamingMetrics implements MeterBinder {
  private final ContentSources sources;
  private final Set<String> routeNames;
  /** Micrometer holds what a function counter reads only weakly; these live as long as the binder. */
  private final List<MonotonicCount> counts = new ArrayList<>();

  LiveSeamingMetrics(ContentSources sources, Set<String> routeNames) {
    this.sources = sources;
    this.routeNames = Set.copyOf(routeNames);
  }

  @Override
  public void bindTo(MeterRegistry r) {
    for (String route : RouteLabel.all(routeNames)) {
      String name = RouteLabel.routeName(route);
      Gauge.builder("seamcache.live.legs", () -> streams(name).stream().mapToInt(s -> s.seaming().legs().size()).sum())
          .tag("route", route)
          .description("Upstream legs of the live streams of a route.")
          .register(r);
      counter(r, "seamcache.live.seamed.packets", "Positions released to live viewers with a copy.", route,
          EndedLiveTotals.Figures::released, ContentHubStatus::released);
      counter(r, "seamcache.live.seamed.gaps", "Positions released to live viewers without a copy (residual loss).", route,
          EndedLiveTotals.Figures::gaps, ContentHubStatus::gaps);
      counter(r, "seamcache.live.fills", "Positions filled by a leg other than the reference.", route,
          EndedLiveTotals.Figures::fills, ContentHubStatus::fills);
    }
  }

  private void counter(MeterRegistry r, String metric, String help, String route, ToLongFunction<EndedLiveTotals.Figures> ended,
      ToLongFunction<ContentHubStatus> running) {
    String name = RouteLabel.routeName(route);
    MonotonicCount count = new MonotonicCount(() -> ended.applyAsLong(sources.endedLiveTotals().of(name))
        + streams(name).stream().mapToLong(s -> running.applyAsLong(s.seaming())).sum());
    counts.add(count);
    FunctionCounter.builder(metric, count, MonotonicCount::value).tag("route", route).description(help).register(r);
  }

  /** The running streams of a route (null: streams reached without one, or through a route no longer configured). */
  private List<LiveStream> streams(String routeName) {
    List<LiveStream> of = new ArrayList<>();
    for (LiveStream s : sources.liveStreams()) {
      String own = s.routeName() != null && routeNames.contains(s.routeName()) ? s.routeName() : null;
      if (java.util.Objects.equals(own, routeName)) {
        of.add(s);
      }
    }
    return of;
  }
}
