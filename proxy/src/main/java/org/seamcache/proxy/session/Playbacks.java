package org.seamcache.proxy.session;

import io.netty.channel.EventLoop;
import java.util.concurrent.CompletableFuture;
import org.seamcache.proxy.relay.ViewerOutput;
import org.seamcache.proxy.upstream.UpstreamLeg;

/**
 * Creates what a session plays at its first PLAY: a share of the live stream, or for stored
 * content its own leg (the one kept from its DESCRIBE, or a new one). Thread-safe.
 */
public final class Playbacks {
  private final ContentSources sources;
  private final SessionRegistry sessions;
  private final ProxyCounters counters;
  private final org.seamcache.proxy.report.ViewingReports reports;

  public Playbacks(ContentSources sources, SessionRegistry sessions, ProxyCounters counters) {
    this(sources, sessions, counters, null);
  }

  /** @param reports where sessions served from the cache are reported, for routes that ask for it (null: nowhere) */
  public Playbacks(ContentSources sources, SessionRegistry sessions, ProxyCounters counters, org.seamcache.proxy.report.ViewingReports reports) {
    this.sources = sources;
    this.sessions = sessions;
    this.counters = counters;
    this.reports = reports;
  }

  public CompletableFuture<Playback> create(ViewerSession session, UpstreamLeg parkedLeg, ViewerOutput output, EventLoop loop) {
    ContentRef content = session.content();
    int[] tracks = session.setupTracks();
    if (content.stored() != null) {
      if (parkedLeg != null) {
        parkedLeg.eventLoop().execute(parkedLeg::teardown);
      }
      java.net.URI reportTo = reports == null ? null : sources.titles().policy().reportUrlFor(content.target().routeName());
      return sources.titles().openReader(content.stored().id())
          .thenApply(reader -> {
            StoredPlayback p = new StoredPlayback(content.stored(), reader, output, loop, tracks, content.proxyUri(), () -> {}, System::nanoTime);
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
      return CompletableFuture.completedFuture(new LivePlayback(content.live(), output, tracks, content.proxyUri()));
    }
    CompletableFuture<UpstreamLeg> leg =
        parkedLeg != null ? CompletableFuture.completedFuture(parkedLeg) : sources.openLeg(content.target(), loop);
    return leg.thenApply(
        l -> new VodPlayback(l, tracks, output, content.proxyUri(), counters, () -> sessions.remove(session, AccessLog.Ending.ORIGIN_LOST),
            (relay, position) -> sources.storedHub(content.target(), l, tracks, relay, position)));
  }
}
