package org.seamcache.proxy.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.seamcache.proxy.session.AccessLog;
import org.seamcache.proxy.session.SessionRegistry;
import org.seamcache.proxy.session.ViewerSession;

/**
 * Viewer sessions, and viewers (sessions whose playback started) by route and by source:
 * {@code cache} (served from disk), {@code live} (a share of a live relay), {@code origin} (the
 * viewer's own upstream session on stored content), classified as the access log does.
 */
final class ViewerMetrics implements MeterBinder {
  private final SessionRegistry sessions;
  private final Set<String> routeNames;
  private final ScrapeSnapshot<Map<String, Long>> playing;

  ViewerMetrics(SessionRegistry sessions, Set<String> routeNames, LongSupplier nanoClock) {
    this.sessions = sessions;
    this.routeNames = Set.copyOf(routeNames);
    this.playing = new ScrapeSnapshot<>(this::countPlaying, nanoClock);
  }

  @Override
  public void bindTo(MeterRegistry r) {
    Gauge.builder("seamcache.sessions", sessions, SessionRegistry::size).description("Viewer RTSP sessions.").register(r);
    for (String route : RouteLabel.all(routeNames)) {
      for (AccessLog.Source source : AccessLog.Source.values()) {
        String key = key(route, source);
        Gauge.builder("seamcache.viewers", () -> playing.get().getOrDefault(key, 0L))
            .tag("route", route)
            .tag("source", word(source))
            .description("Viewers receiving packets, by route and by where their packets come from (cache: disk, live: a live relay's share, origin: their own upstream session).")
            .register(r);
      }
    }
  }

  /** Playing sessions per route × source; a route no longer configured counts as none. */
  private Map<String, Long> countPlaying() {
    Map<String, Long> counts = new HashMap<>();
    for (ViewerSession s : sessions.all()) {
      if (s.playbackStarted()) {
        String name = s.content().target().routeName();
        String route = name != null && routeNames.contains(name) ? name : RouteLabel.NONE;
        counts.merge(key(route, AccessLog.Source.of(s.content())), 1L, Long::sum);
      }
    }
    return counts;
  }

  private static String key(String route, AccessLog.Source source) {
    return route + "\n" + source;
  }

  private static String word(AccessLog.Source source) {
    return source.name().toLowerCase(Locale.ROOT);
  }
}
