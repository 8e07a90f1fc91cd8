package org.seamcache.proxy.session;

import org.seamcache.proxy.upstream.ContentDescription;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.seamcache.proxy.relay.Relay;
import org.seamcache.proxy.relay.ViewerOutput;
import org.seamcache.proxy.rtsp.NptRange;
import org.seamcache.proxy.rtsp.NptTime;
import org.seamcache.proxy.rtsp.RangeHeader;
import org.seamcache.proxy.rtsp.RtpInfoEntry;
import org.seamcache.proxy.rtsp.RtpInfoHeader;
import org.seamcache.proxy.rtsp.RtspHeaderException;
import org.seamcache.proxy.rtsp.RtspResponse;
import org.seamcache.proxy.rtsp.RtspStatusException;
import org.seamcache.proxy.upstream.UpstreamLeg;

/**
 * A viewer's own upstream session on stored content: PLAY (with its Range), PAUSE and seeks go
 * to the origin as the viewer sends them, and RTP-Info is passed on with the URLs pointing at the
 * proxy. Its packets go through the viewer's {@link ContentHub}: when the link loses packets,
 * extra legs start a little ahead of where the viewer is and fill its gaps (in the viewer's leg's
 * own numbering, so the origin's RTP-Info holds); a PAUSE or a seek lets them go. Confined to the
 * leg's event loop (methods hop onto it).
 */
final class VodPlayback implements Playback {
  /**
   * An extra leg starts this far ahead of the viewer, so its copies arrive before they are needed:
   * the origin snaps a start to the key frame before it (up to a GOP earlier) and the leg's SETUP and
   * PLAY take time; a leg that ends up behind the viewer fills nothing. The hub's output follows the
   * viewer's leg (its seamers release nothing beyond it), so being ahead costs only held memory.
   */
  static final double EXTRA_LEG_LEAD_SECONDS = 2.0;

  /** Makes the viewer's hub around its relay; the supplier gives an extra leg's PLAY Range. */
  interface HubFactory {
    ContentHub create(Relay relay, java.util.function.Supplier<String> extraLegRange);
  }

  private final UpstreamLeg leg;
  private final int[] tracks;
  private final String proxyUri;
  private final Relay relay;
  private final ProxyCounters counters;
  private final Runnable onLegLost;
  private final ContentHub hub;
  private boolean started;
  private boolean playing;
  /** Once a trick-play rendition was asked for: this leg is no longer recorded nor seamed with extra legs. */
  private boolean trickPlay;
  private Runnable fetchForCache = () -> {};
  private double positionSeconds;
  private long positionAtNanos;

  VodPlayback(UpstreamLeg leg, int[] tracks, ViewerOutput output, String proxyUri, ProxyCounters counters, Runnable onLegLost,
      HubFactory hubs) {
    this.leg = leg;
    this.tracks = tracks.clone();
    this.proxyUri = proxyUri;
    this.counters = counters;
    this.onLegLost = onLegLost;
    this.relay = new Relay(leg.content().tracks().size());
    relay.add(output);
    this.hub = hubs.create(relay, this::extraLegRange);
    leg.closed().thenAccept(this::legClosed);
  }

  /** Where the viewer is in the title now (npt seconds), as its PLAY answers and the clock say. */
  private double position() {
    return playing ? positionSeconds + (System.nanoTime() - positionAtNanos) / 1e9 : positionSeconds;
  }

  private String extraLegRange() {
    return NptRange.from(NptTime.ofSeconds(position() + EXTRA_LEG_LEAD_SECONDS)).format();
  }

  /** Notes where a PLAY starts: the origin's Range answer, else the asked one, else where the viewer was. */
  private void played(RtspResponse r, RangeHeader asked) {
    double start = position();
    RangeHeader said = null;
    try {
      said = r.header("Range") != null ? RangeHeader.parse(r.header("Range")) : null;
    } catch (RtspHeaderException e) {
      said = null; // an unreadable Range keeps the estimate
    }
    for (RangeHeader h : new RangeHeader[] {asked, said}) {
      if (h instanceof NptRange n && n.start().isPresent() && !n.start().get().isNow()) {
        start = n.start().get().seconds();
      }
    }
    positionSeconds = start;
    positionAtNanos = System.nanoTime();
    playing = true;
    hub.paused(trickPlay); // a trick-play rendition is not seamed: no extra legs are opened for it
  }

  /** What to do when this viewer first asks for a trick-play rendition (the proxy fetches the whole title for the cache). */
  void onTrickPlay(Runnable fetchForCache) {
    this.fetchForCache = fetchForCache;
  }

  @Override
  public CompletableFuture<PlayAnswer> play(RangeHeader range) {
    return play(range, org.seamcache.proxy.upstream.PlayRate.NORMAL);
  }

  /**
   * Asks the origin for the viewer's rate. A trick-play rendition (Scale other than 1) is relayed to
   * the viewer but never recorded: the leg's recording part ends before the scaled PLAY goes out
   * (it is decided on the request, so no scaled packet can reach the recording first), its extra
   * legs go, and the whole title is fetched for the cache instead.
   */
  @Override
  public CompletableFuture<PlayAnswer> play(RangeHeader range, org.seamcache.proxy.upstream.PlayRate rate) {
    String r = range == null ? null : range.format();
    return onLoop(
        () -> {
          if (rate.trickPlay() && !trickPlay) {
            trickPlay = true;
            leg.untap("trick play (Scale " + rate.scale() + ", Speed " + rate.speed() + "): not recorded");
            hub.tearDownExtras();
            hub.paused(true);
            counters.trickPlays.increment();
            fetchForCache.run();
          }
          leg.rate(rate);
          CompletableFuture<RtspResponse> response;
          if (!started) {
            started = true;
            response = hub.startFirst(leg, "viewer", r);
          } else {
            if (r != null) {
              hub.restartEpoch(); // a seek: the extra legs' positions no longer hold
            }
            response = leg.play(r);
          }
          return response.thenApply(resp -> {
            played(resp, range);
            return answer(resp);
          });
        });
  }

  /** The viewer's leg ended; the origin went away (not our TEARDOWN): tell the viewer with a BYE, then end its session. */
  private void legClosed(String reason) {
    leg.eventLoop().execute(() -> {
      if (!reason.equals("torn down")) {
        relay.sayBye();
        onLegLost.run();
      }
      hub.close(); // extra legs cannot go on without the viewer's
    });
  }

  @Override
  public CompletableFuture<Void> pause() {
    return onLoop(
        () -> {
          positionSeconds = position();
          playing = false;
          hub.paused(true);
          hub.tearDownExtras();
          return leg.pause()
                .thenApply(
                    r -> {
                      if (!r.isSuccess()) {
                        throw new RtspStatusException(r.status(), "origin answered PAUSE with " + r.status() + " " + r.reason());
                      }
                      return (Void) null;
                    });
        });
  }

  @Override
  public void sayGoodbye() {
    leg.eventLoop().execute(() -> {
      relay.sayBye();
      hub.tearDownExtras();
      relay.clear(); // nothing more goes out; the viewer's TEARDOWN (or the proxy) ends the leg
    });
  }

  @Override
  public void close() {
    leg.eventLoop().execute(() -> {
      leg.teardown();
      hub.close();
    });
  }

  private <T> CompletableFuture<T> onLoop(java.util.function.Supplier<CompletableFuture<T>> action) {
    CompletableFuture<T> result = new CompletableFuture<>();
    leg.eventLoop()
        .execute(
            () ->
                action.get()
                    .whenComplete(
                        (v, e) -> {
                          if (e != null) {
                            result.completeExceptionally(e);
                          } else {
                            result.complete(v);
                          }
                        }));
    return result;
  }

  /** The origin's answer with RTP-Info URLs rewritten to the proxy's. */
  private PlayAnswer answer(RtspResponse r) {
    PlayAnswer a = rtpInfoAnswer(r);
    // the origin's own Scale and Speed (what it chose), passed on
    return new PlayAnswer(a.range(), a.rtpInfo(), a.afterWrite(), r.header("Scale"), r.header("Speed"));
  }

  private PlayAnswer rtpInfoAnswer(RtspResponse r) {
    String rtpInfo = r.header("RTP-Info");
    if (rtpInfo == null) {
      return new PlayAnswer(r.header("Range"), null);
    }
    try {
      RtpInfoHeader origin = RtpInfoHeader.parse(rtpInfo);
      List<RtpInfoEntry> out = new ArrayList<>();
      for (int i = 0; i < origin.entries().size(); i++) {
        RtpInfoEntry e = origin.entries().get(i);
        int track = trackOf(e.url(), i);
        String url = track >= 0 ? leg.content().proxyControlUri(proxyUri, track) : proxyUri;
        out.add(new RtpInfoEntry(url, e.seq(), e.rtpTime()));
      }
      return new PlayAnswer(r.header("Range"), new RtpInfoHeader(out).format());
    } catch (RtspHeaderException e) {
      return new PlayAnswer(r.header("Range"), null); // an unreadable RTP-Info is left out, not forwarded
    }
  }

  private int trackOf(String url, int position) {
    for (ContentDescription.Track t : leg.content().tracks()) {
      if (sameUrl(t.originControlUri(), url)) {
        return t.index();
      }
    }
    return position < tracks.length ? tracks[position] : -1;
  }

  private static boolean sameUrl(URI a, String b) {
    String x = a.toString();
    String y = b;
    if (x.endsWith("/")) {
      x = x.substring(0, x.length() - 1);
    }
    if (y.endsWith("/")) {
      y = y.substring(0, y.length() - 1);
    }
    return x.equals(y) || x.endsWith(y) || y.endsWith(x.substring(x.indexOf("//") + 2));
  }
}
