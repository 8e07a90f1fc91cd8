package org.seamcache.proxy.session;

import io.netty.channel.EventLoop;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.seamcache.proxy.cache.LoopCount;
import org.seamcache.proxy.relay.ViewerOutput;
import org.seamcache.proxy.upstream.UpstreamLeg;

/**
 * Creates what a session plays at its first PLAY: a share of the live stream (which can also play
 * from the recording: time-shift), or for stored content its own leg (the one kept from its
 * DESCRIBE, or a new one); a title served from disk plays as many times as its route's loop setting
 * says. Thread-safe.
 */
public final class Playbacks {
  private final ContentSources sources;
  private final SessionRegistry sessions;
  private final ProxyCounters counters;
  private final org.seamcache.proxy.report.ViewingReports reports;
  private volatile java.util.function.Consumer<org.seamcache.proxy.route.OriginTarget> fetchForCache = target -> {};
  private final Function<String, LoopCount> loopsByRoute;
  private final Function<String, java.time.Duration> timeShiftByRoute;

  public Playbacks(ContentSources sources, SessionRegistry sessions, ProxyCounters counters) {
    this(sources, sessions, counters, null);
  }

  /** @param reports where sessions served from the cache are reported, for routes that ask for it (null: nowhere) */
  public Playbacks(ContentSources sources, SessionRegistry sessions, ProxyCounters counters, org.seamcache.proxy.report.ViewingReports reports) {
    this(sources, sessions, counters, reports, route -> LoopCount.ONCE, route -> org.seamcache.proxy.ProxyConfig.DEFAULT_TIME_SHIFT_WINDOW);
  }

  /**
   * @param loopsByRoute how many times a route's (null: no route) stored titles play from disk
   * @param timeShiftByRoute how far back a route's live viewers may play from the recording (zero: not at all)
   */
  public Playbacks(ContentSources sources, SessionRegistry sessions, ProxyCounters counters, org.seamcache.proxy.report.ViewingReports reports,
      Function<String, LoopCount> loopsByRoute, Function<String, java.time.Duration> timeShiftByRoute) {
    this.sources = sources;
    this.sessions = sessions;
    this.counters = counters;
    this.reports = reports;
    this.loopsByRoute = loopsByRoute;
    this.timeShiftByRoute = timeShiftByRoute;
  }

  public CompletableFuture<Playback> create(ViewerSession session, UpstreamLeg parkedLeg, ViewerOutput output, EventLoop loop) {
    ContentRef content = session.content();
    int[] tracks = session.setupTracks();
    if (content.channel() != null && tracks.length > 0 && session.transport(tracks[0]).isMulticast()) {
      return CompletableFuture.completedFuture(new MulticastMembership(content.channel()));
    }
    if (content.channel() != null) {
      return CompletableFuture.completedFuture(new ChannelPlayback(content.channel(), sources, content, output, loop, tracks, Playbacks::epochNanos,
          System::nanoTime, () -> sessions.remove(session, AccessLog.Ending.ORIGIN_LOST)));
    }
    if (content.stored() != null) {
      if (parkedLeg != null) {
        parkedLeg.eventLoop().execute(parkedLeg::teardown);
      }
      java.net.URI reportTo = reports == null ? null : sources.titles().policy().reportUrlFor(content.target().routeName());
      LoopCount loops = loopsByRoute.apply(content.target().routeName());
      return sources.titles().openReader(content.stored().id())
          .thenApply(reader -> {
            StoredPlayback p = new StoredPlayback(content.stored(), reader, output, loop, tracks, content.proxyUri(), () -> {}, System::nanoTime,
                loops);
            return reportTo == null ? p : new ReportedPlayback(p, System::nanoTime, java.time.Clock.systemUTC(),
                totals -> reports.report(new org.seamcache.proxy.report.ViewingReport(java.util.UUID.randomUUID().toString(),
                    content.target().routeName(), org.seamcache.proxy.rtsp.RtspUrl.withoutUserInfo(content.stored().originUrl()),
                    content.stored().id(), session.client().getHostAddress(), totals.startMillis(), totals.stopMillis(), totals.bytes(),
                    totals.seconds()), reportTo));
          });
    }
    if (content.live() != null) {
      if (parkedLeg != null) {
        parkedLeg.eventLoop().execute(parkedLeg::teardown);
      }
      LivePlayback live = new LivePlayback(content.live(), output, tracks, content.proxyUri());
      return CompletableFuture.completedFuture(new ShiftableLivePlayback(live, content.live(),
          () -> sessions.remove(session, AccessLog.Ending.ORIGIN_LOST), () -> sources.liveRecording(content.target()), sources.titles(),
          output, loop, tracks, content.description(), content.proxyUri(), Playbacks::epochNanos, System::nanoTime,
          timeShiftByRoute.apply(content.target().routeName())));
    }
    CompletableFuture<UpstreamLeg> leg =
        parkedLeg != null ? CompletableFuture.completedFuture(parkedLeg) : sources.openLeg(content.target(), loop);
    return leg.thenApply(l -> {
      VodPlayback p = new VodPlayback(l, tracks, output, content.proxyUri(), counters, () -> sessions.remove(session, AccessLog.Ending.ORIGIN_LOST),
          (relay, position) -> sources.storedHub(content.target(), l, tracks, relay, position));
      p.onTrickPlay(() -> fetchForCache.accept(content.target()));
      return p;
    });
  }

  /**
   * What fetches a whole title for the cache when a viewer of it asks the origin for a trick-play
   * rendition (that viewing is not recorded); set once at start.
   */
  public void fetchForCache(java.util.function.Consumer<org.seamcache.proxy.route.OriginTarget> fetch) {
    this.fetchForCache = fetch;
  }

  private static long epochNanos() {
    java.time.Instant now = java.time.Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }
}
