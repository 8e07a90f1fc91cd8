package org.seamcache.proxy.session;

import org.seamcache.proxy.upstream.ContentDescription;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.seamcache.proxy.relay.GopCache;
import org.seamcache.proxy.relay.KeyframeJoin;
import org.seamcache.proxy.relay.Relay;
import org.seamcache.proxy.relay.ViewerOutput;
import org.seamcache.proxy.rtsp.RtpInfoEntry;
import org.seamcache.proxy.rtsp.RtpInfoHeader;
import org.seamcache.proxy.rtsp.RtspStatusException;
import org.seamcache.proxy.seam.OriginLegBudget;
import org.seamcache.proxy.seam.SeamSettings;
import org.seamcache.proxy.upstream.UpstreamLeg;
import java.util.function.LongSupplier;
import org.seamcache.seamer.KeyframeStart;
import org.seamcache.seamer.RtpHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One live content shared by all its viewers. Its {@link ContentHub} holds the upstream legs (one to
 * start with, more while the origin link loses packets) and feeds the seamed stream to the relay.
 * The first leg starts with the first viewer's PLAY; every leg is torn down an idle period after the
 * last viewer leaves. A joining viewer waits for the next key frame (bounded), and its PLAY answer
 * describes the first packet it will get. When every leg is lost while viewers watch, a new leg is
 * opened with backoff, and viewers keep one continuous numbering across it.
 *
 * <p>Confined to the first leg's event loop (every leg of the stream runs there); the public
 * methods hop onto it.
 */
public final class LiveStream {
  private static final Logger log = LoggerFactory.getLogger(LiveStream.class);
  private static final long JOIN_WAIT_MILLIS = 2500;

  /** A viewer in the stream: its output as given, and the join gate in front of it. */
  private record Joined(ViewerOutput output, KeyframeJoin join) {}

  /** Told when the stream ends, so the registry forgets it and viewers are let go. */
  interface EndListener {
    void onEnded(LiveStream stream, String reason);
  }

  private static final long FIRST_RETRY_MILLIS = 250;
  private static final long MAX_RETRY_MILLIS = 4000;

  private final String originKey;
  /** The configured route of the viewer whose DESCRIBE started the stream, or null (a label for metrics). */
  private final String routeName;
  private final ContentDescription content;
  private final EventLoop loop;
  private final ContentHub.LegOpener reopen;
  private final UpstreamLeg firstLeg;
  private final ContentHub hub;
  private final Relay relay;
  private final GopCache gop;
  private final Duration idleTeardown;
  private final ProxyCounters counters;
  private final EndListener endListener;
  private final int videoTrack;
  private final List<Joined> joined = new ArrayList<>();
  private final Set<ViewerOutput> departed = Collections.newSetFromMap(new IdentityHashMap<>());
  private CompletableFuture<Void> started;
  private ScheduledFuture<?> idleTimer;
  /** Viewers holding the stream up while they play it from the recording (see {@link #hold}); on the loop. */
  private int holders;
  private boolean ended;
  private final Duration reconnectFor;
  /** Set once viewers were told BYE because the origin did not come back (read by the access log). */
  private volatile boolean originLost;

  LiveStream(String originKey, String routeName, String originHost, UpstreamLeg leg, Duration idleTeardown, SeamSettings seaming, OriginLegBudget budget,
      ProxyCounters counters, Duration reconnectFor, EndListener endListener, ContentHub.LegOpener reopen, LongSupplier nanoClock) {
    this.originKey = originKey;
    this.routeName = routeName;
    this.firstLeg = leg;
    this.content = leg.content();
    this.loop = leg.eventLoop();
    this.reopen = reopen;
    this.relay = new Relay(leg.content().tracks().size());
    this.idleTeardown = idleTeardown;
    this.reconnectFor = reconnectFor;
    this.counters = counters;
    this.endListener = endListener;
    int video = -1;
    for (ContentDescription.Track t : content.tracks()) {
      if (video < 0 && KeyframeStart.hasKeyframes(t.encodingName())) {
        video = t.index();
      }
    }
    this.videoTrack = video;
    this.gop = new GopCache(video, encodingOf(video));
    int[] all = content.tracks().stream().mapToInt(ContentDescription.Track::index).toArray();
    this.hub = new ContentHub("live stream " + originKey, originHost, content, loop, relay, gop, seaming, budget, counters, reopen, this::allLegsLost, nanoClock,
        all, () -> null, false);
    eventLoop().execute(this::armIdleTimer); // a described stream nobody plays goes away too
  }

  public String originKey() {
    return originKey;
  }

  /** The configured route the stream was started through, or null (URL prefix or proxy form). */
  public String routeName() {
    return routeName;
  }

  public ContentDescription content() {
    return content;
  }

  /** The oldest open leg, or null while none is open. */
  public UpstreamLeg leg() {
    UpstreamLeg l = hub.firstLeg();
    return l != null ? l : firstLeg;
  }

  /** The hub's legs and seaming figures (a moment old). */
  public ContentHubStatus seaming() {
    return hub.status();
  }

  public Relay relay() {
    return relay;
  }

  public EventLoop eventLoop() {
    return loop;
  }

  /**
   * Adds a viewer; completes with the RTP-Info to answer its PLAY once it has its first packet (a
   * key frame), or after a bounded wait.
   */
  CompletableFuture<Playback.PlayAnswer> join(ViewerOutput output, int[] tracks, String proxyUri) {
    CompletableFuture<Playback.PlayAnswer> answer = new CompletableFuture<>();
    eventLoop()
        .execute(
            () -> {
              if (ended) {
                answer.completeExceptionally(new RtspStatusException(503, "live stream ended"));
                return;
              }
              cancelIdleTimer();
              if (started == null) {
                started = hub.startFirst(firstLeg, "first viewer", null).thenApply(r -> (Void) null);
              }
              started.whenComplete(
                  (v, err) -> {
                    if (err != null) {
                      answer.completeExceptionally(err);
                      // A stream whose upstream never started is dropped, so the next viewer gets a fresh one.
                      firstLeg.teardown();
                      end("upstream did not start: " + err.getMessage());
                      return;
                    }
                    if (departed.remove(output)) {
                      answer.completeExceptionally(new RtspStatusException(454, "session ended before it played"));
                      armIdleTimer();
                      return;
                    }
                    if (hasTrack(tracks, videoTrack) && gop.holdsKeyFrame()) {
                      // Start at once from the last key frame held in memory; nothing is missed or
                      // doubled: the replay and joining the relay happen in one task on its loop.
                      RtpHeader[] first = gop.replayTo(output, content.tracks().size());
                      counters.gopJoins.increment();
                      KeyframeJoin started = new KeyframeJoin(output, -1, "", h -> {});
                      relay.add(started);
                      joined.add(new Joined(output, started));
                      answer.complete(answerFor(tracks, proxyUri, first));
                      return;
                    }
                    KeyframeJoin join =
                        new KeyframeJoin(output, hasTrack(tracks, videoTrack) ? videoTrack : -1, encodingOf(videoTrack),
                            first -> answer.complete(answerFor(tracks, proxyUri, onlyOn(videoTrack, first))));
                    relay.add(join);
                    joined.add(new Joined(output, join));
                    if (join.started()) {
                      answer.complete(answerFor(tracks, proxyUri, new RtpHeader[content.tracks().size()]));
                    } else {
                      // No key frame in time (audio only, or an unusual stream): start where the stream is.
                      eventLoop().schedule(() -> answer.complete(answerFor(tracks, proxyUri, new RtpHeader[content.tracks().size()])),
                          JOIN_WAIT_MILLIS, TimeUnit.MILLISECONDS);
                    }
                  });
            });
    return answer;
  }

  /**
   * Every leg ended. Ended by us (TEARDOWN, idle, shutdown) or nobody watching: the stream ends.
   * Lost (the origin closed, crashed or went silent) while viewers watch: reconnect with backoff
   * for a while, viewers staying attached to the same relay; only then give up.
   */
  private void allLegsLost(String reason, boolean byUs) {
    if (ended) {
      return;
    }
    if (byUs || unwatched()) {
      end(reason);
      return;
    }
    log.warn("live stream {}: upstream lost ({}), reconnecting", originKey, reason);
    reconnect(System.nanoTime() + reconnectFor.toNanos(), FIRST_RETRY_MILLIS, reason);
  }

  private void reconnect(long deadlineNanos, long delayMillis, String reason) {
    loop.schedule(
        () -> {
          if (ended || unwatched()) {
            end(reason);
            return;
          }
          reopen.open(loop)
              .thenCompose(
                  fresh -> {
                    if (fresh.content().tracks().size() != content.tracks().size()) {
                      fresh.teardown();
                      throw new IllegalStateException("the origin now describes different tracks");
                    }
                    return hub.startFirst(fresh, "reconnect after: " + reason, null);
                  })
              .whenCompleteAsync(
                  (v, err) -> {
                    if (err == null) {
                      counters.reconnects.increment();
                      log.info("live stream {}: reconnected (leg {})", originKey, leg().id());
                    } else if (System.nanoTime() < deadlineNanos && !ended) {
                      reconnect(deadlineNanos, Math.min(MAX_RETRY_MILLIS, delayMillis * 2), reason);
                    } else {
                      originLost = true;
                      relay.sayBye();
                      end("upstream lost and not recovered within " + reconnectFor.toSeconds() + " s: " + reason);
                    }
                  },
                  loop);
        },
        delayMillis,
        TimeUnit.MILLISECONDS);
  }

  /** Leaves, then tells the viewer the stream ended (the proxy is stopping). */
  void sayGoodbye(ViewerOutput output) {
    eventLoop().execute(() -> relay.sayByeTo(output));
    leave(output);
  }

  /**
   * Removes a viewer; the last one leaving starts the idle countdown. A viewer that leaves while
   * its join still waits for the upstream is remembered, so the join does not add it afterwards.
   */
  void leave(ViewerOutput output) {
    eventLoop()
        .execute(
            () -> {
              boolean wasJoined =
                  joined.removeIf(
                      j -> {
                        if (j.output() == output) {
                          relay.remove(j.join());
                          return true;
                        }
                        return false;
                      });
              if (!wasJoined && started != null && !started.isDone()) {
                departed.add(output);
              }
              armIdleTimer();
            });
  }

  private void armIdleTimer() {
    if (!ended && unwatched() && idleTimer == null) {
      idleTimer =
          eventLoop().schedule(() -> {
            idleTimer = null;
            if (unwatched()) {
              log.info("live stream {}: no viewer for {} ms, tearing the upstream down", originKey, idleTeardown.toMillis());
              firstLeg.teardown(); // not started yet, if nobody ever played
              end("idle");
            }
          }, idleTeardown.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** Nobody joined, and nobody plays it from its recording (a time-shifted or paused viewer). */
  private boolean unwatched() {
    return joined.isEmpty() && holders == 0;
  }

  /**
   * A viewer plays this stream from its recording (time-shifted, or paused on live): it keeps the
   * stream, and so its recording, up as a joined viewer would, until {@link #release}.
   */
  void hold() {
    eventLoop().execute(() -> {
      holders++;
      cancelIdleTimer();
    });
  }

  /** A {@link #hold} ends. */
  void release() {
    eventLoop().execute(() -> {
      holders = Math.max(0, holders - 1);
      armIdleTimer();
    });
  }

  /**
   * A {@link #hold} ends because this node ceases to relay the stream for a sibling: nobody
   * watching here, the stream ends at once (its legs torn down, so the feeding node stops feeding
   * it); else it ends after its last viewer, as any stream.
   */
  void cease(String reason) {
    eventLoop().execute(() -> {
      holders = Math.max(0, holders - 1);
      if (!ended && unwatched()) {
        log.info("live stream {}: {}, tearing the upstream down", originKey, reason);
        firstLeg.teardown(); // not started yet, if nobody ever played
        end(reason);
      } else {
        armIdleTimer();
      }
    });
  }

  private void cancelIdleTimer() {
    if (idleTimer != null) {
      idleTimer.cancel(false);
      idleTimer = null;
    }
  }

  /** Whether the stream ended because its origin was lost and did not come back. */
  public boolean originLost() {
    return originLost;
  }

  public int viewers() {
    return relay.viewers();
  }

  private void end(String reason) {
    if (ended) {
      return;
    }
    ended = true;
    cancelIdleTimer();
    hub.close();
    endListener.onEnded(this, reason);
  }

  /** Tears the upstream down now (shutdown). */
  void shutdown() {
    eventLoop().execute(() -> {
      firstLeg.teardown();
      end("shutdown");
    });
  }

  private RtpHeader[] onlyOn(int track, RtpHeader first) {
    RtpHeader[] firsts = new RtpHeader[content.tracks().size()];
    if (track >= 0) {
      firsts[track] = first;
    }
    return firsts;
  }

  /**
   * The PLAY answer: RTP-Info names, per track, the first packet the viewer gets ({@code first}, where
   * known) or else the one after the last relayed.
   */
  private Playback.PlayAnswer answerFor(int[] tracks, String proxyUri, RtpHeader[] first) {
    List<RtpInfoEntry> entries = new ArrayList<>();
    for (int t : tracks) {
      String url = content.proxyControlUri(proxyUri, t);
      RtpHeader known = t < first.length ? first[t] : null;
      RtpHeader h = known != null ? known : relay.lastRtp(t);
      if (h == null) {
        entries.add(new RtpInfoEntry(url, OptionalInt.empty(), OptionalLong.empty()));
      } else {
        int seq = h == known ? h.sequence() : (h.sequence() + 1) & 0xFFFF;
        entries.add(RtpInfoEntry.of(url, seq, h.timestamp()));
      }
    }
    return new Playback.PlayAnswer("npt=now-", new RtpInfoHeader(entries).format());
  }

  private String encodingOf(int track) {
    return track < 0 ? "" : content.tracks().get(track).encodingName();
  }

  private static boolean hasTrack(int[] tracks, int track) {
    for (int t : tracks) {
      if (t == track) {
        return true;
      }
    }
    return false;
  }
}
