package org.seamcache.proxy.session;

import org.seamcache.proxy.upstream.ContentDescription;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.seamcache.proxy.relay.Relay;
import org.seamcache.proxy.relay.ViewerOutput;
import org.seamcache.proxy.rtsp.RangeHeader;
import org.seamcache.proxy.rtsp.RtpInfoEntry;
import org.seamcache.proxy.rtsp.RtpInfoHeader;
import org.seamcache.proxy.rtsp.RtspHeaderException;
import org.seamcache.proxy.rtsp.RtspResponse;
import org.seamcache.proxy.rtsp.RtspStatusException;
import org.seamcache.proxy.upstream.UpstreamLeg;

/**
 * A viewer's own upstream session on stored content: PLAY (with its Range), PAUSE and seeks go
 * to the origin as the viewer sends them, packets come back unchanged, and RTP-Info is passed on
 * with the URLs pointing at the proxy. Confined to the leg's event loop (methods hop onto it).
 */
final class VodPlayback implements Playback {
  private final UpstreamLeg leg;
  private final int[] tracks;
  private final String proxyUri;
  private final Relay relay;
  private final ProxyCounters counters;
  private final Runnable onLegLost;
  private boolean started;

  VodPlayback(UpstreamLeg leg, int[] tracks, ViewerOutput output, String proxyUri, ProxyCounters counters, Runnable onLegLost) {
    this.leg = leg;
    this.tracks = tracks.clone();
    this.proxyUri = proxyUri;
    this.counters = counters;
    this.onLegLost = onLegLost;
    this.relay = new Relay(leg.content().tracks().size());
    relay.add(output);
  }

  @Override
  public CompletableFuture<PlayAnswer> play(RangeHeader range) {
    String r = range == null ? null : range.format();
    return onLoop(
        () -> {
          CompletableFuture<RtspResponse> response;
          if (!started) {
            started = true;
            counters.upstreamSessions.increment();
            response = leg.start(tracks, r, new UpstreamFeed(relay, counters, this::legClosed, leg.eventLoop()));
          } else {
            response = leg.play(r);
          }
          return response.thenApply(this::answer);
        });
  }

  /** The origin went away (not our TEARDOWN): tell the viewer with a BYE, then end its session. */
  private void legClosed(String reason) {
    if (!reason.equals("torn down")) {
      relay.sayBye();
      onLegLost.run();
    }
  }

  @Override
  public CompletableFuture<Void> pause() {
    return onLoop(
        () ->
            leg.pause()
                .thenApply(
                    r -> {
                      if (!r.isSuccess()) {
                        throw new RtspStatusException(r.status(), "origin answered PAUSE with " + r.status() + " " + r.reason());
                      }
                      return (Void) null;
                    }));
  }

  @Override
  public void close() {
    leg.eventLoop().execute(leg::teardown);
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
