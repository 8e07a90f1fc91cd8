package org.seamcache.proxy.session;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.seamcache.proxy.cache.RepairRanges;
import org.seamcache.proxy.route.OriginTarget;
import org.seamcache.proxy.rtsp.NptRange;
import org.seamcache.proxy.upstream.ContentDescription;
import org.seamcache.proxy.upstream.PacketSink;
import org.seamcache.proxy.upstream.ReceivedRtp;
import org.seamcache.proxy.upstream.UpstreamLeg;
import org.seamcache.storage.ContentInfo;
import org.seamcache.storage.ContentState;
import org.seamcache.storage.SeamedIndex;
import org.seamcache.storage.Storage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes one stored title's recording gap-free: maps what its seamed copy still misses to media-time
 * ranges ({@link RepairRanges}), fetches just those again over reliable TCP-interleaved legs
 * ({@code PLAY Range: npt=a-b}), each leg recorded like any other and seamed in when the recording
 * finishes, and repeats until the content is {@code complete} or the attempts are spent (with a
 * growing pause between them). Each step is one INFO line.
 *
 * <p>Runs on one event loop; disk reads go to the blocking executor.
 */
final class TitleRepair {
  private static final Logger log = LoggerFactory.getLogger(TitleRepair.class);
  static final int MAX_ATTEMPTS = 3;
  private static final double PAD_SECONDS = 1.0;
  /** A fetched range runs in real time; this much more lets its last packets arrive. */
  private static final long TAIL_MILLIS = 2000;
  private static final long SETTLE_POLL_MILLIS = 200;
  private static final long SETTLE_MAX_MILLIS = 30_000;

  /** Opens a TCP-interleaved leg to the title's origin on the given loop, recorded like any leg. */
  interface LegOpener {
    CompletableFuture<UpstreamLeg> open(EventLoop loop);
  }

  private final OriginTarget target;
  private final String contentId;
  private final Storage storage;
  private final Executor blocking;
  private final EventLoop loop;
  private final LegOpener opener;
  private final ProxyCounters counters;
  /** Whether the whole title is fetched (else only the gaps inside what was watched). */
  private java.util.function.Predicate<ContentInfo> wholeTitle = info -> true;

  TitleRepair(OriginTarget target, String contentId, Storage storage, Executor blocking, EventLoop loop, LegOpener opener,
      ProxyCounters counters) {
    this.target = target;
    this.contentId = contentId;
    this.storage = storage;
    this.blocking = blocking;
    this.loop = loop;
    this.opener = opener;
    this.counters = counters;
  }

  /** How much of the title a repair fetches, judged on what is stored. */
  void scope(java.util.function.Predicate<ContentInfo> wholeTitle) {
    this.wholeTitle = wholeTitle;
  }

  /** Completes with the content's final state. */
  CompletableFuture<ContentState> run() {
    return attempt(1);
  }

  private CompletableFuture<ContentState> attempt(int n) {
    return settled()
        .thenCompose(info -> {
          if (info.isEmpty()) {
            return CompletableFuture.completedFuture(ContentState.INCOMPLETE);
          }
          if (info.get().state() == ContentState.COMPLETE) {
            log.info("repair of {}: complete", target.originForLog());
            history(n == 1 ? "complete, nothing to fetch" : "complete after " + (n - 1) + " attempt(s)");
            return CompletableFuture.completedFuture(ContentState.COMPLETE);
          }
          if (n > MAX_ATTEMPTS) {
            log.info("repair of {}: still {} after {} attempts; giving up ({})", target.originForLog(), info.get().state().label(),
                MAX_ATTEMPTS, info.get().stopDetail());
            history("still " + info.get().state().label() + " after " + MAX_ATTEMPTS + " attempts: given up");
            return CompletableFuture.completedFuture(info.get().state());
          }
          return CompletableFuture.supplyAsync(() -> plan(info.get()), blocking)
              .thenComposeAsync(ranges -> {
                double seconds = ranges.stream().mapToDouble(RepairRanges.Range::seconds).sum();
                log.info("repair of {} (attempt {} of {}): fetching {} range(s), {} s of media: {}", target.originForLog(), n, MAX_ATTEMPTS,
                    ranges.size(), String.format(java.util.Locale.ROOT, "%.1f", seconds), ranges.stream().map(RepairRanges.Range::npt).toList());
                counters.repairRanges.add(ranges.size());
                history(String.format(java.util.Locale.ROOT, "attempt %d: fetching %d range(s), %.1f s of media: %s", n, ranges.size(),
                    seconds, ranges.stream().map(RepairRanges.Range::npt).toList()));
                return fetchAll(ranges, 0);
              }, loop)
              .thenCompose(v -> pause(1000L * n))
              .thenCompose(v -> attempt(n + 1));
        });
  }

  private CompletableFuture<Void> fetchAll(List<RepairRanges.Range> ranges, int i) {
    if (i == ranges.size()) {
      return CompletableFuture.completedFuture(null);
    }
    return fetch(ranges.get(i)).handle((v, e) -> {
      if (e != null) {
        log.info("repair of {}: range {} failed: {}", target.originForLog(), ranges.get(i).npt(), e.getMessage());
      }
      return (Void) null;
    }).thenCompose(v -> fetchAll(ranges, i + 1));
  }

  /** One range on its own TCP leg, torn down once the range has played out. */
  private CompletableFuture<Void> fetch(RepairRanges.Range range) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    opener.open(loop).whenCompleteAsync((leg, err) -> {
      if (err != null) {
        done.completeExceptionally(err);
        return;
      }
      counters.upstreamSessions.increment();
      int[] all = leg.content().tracks().stream().mapToInt(ContentDescription.Track::index).toArray();
      leg.closed().thenRun(() -> done.complete(null));
      leg.start(all, range.npt(), IGNORED).whenCompleteAsync((r, e) -> {
        if (e != null) {
          leg.teardown();
          done.completeExceptionally(e);
          return;
        }
        loop.schedule(leg::teardown, Math.round(range.seconds() * 1000) + TAIL_MILLIS, TimeUnit.MILLISECONDS);
      }, loop);
    }, loop);
    return done;
  }

  /** One line of the title's repair history, kept with its recording (what {@code seamcache inspect} shows). */
  private void history(String line) {
    CompletableFuture.runAsync(() -> {
      try {
        storage.addAttributes(contentId, java.util.Map.of("repair." + System.currentTimeMillis(), line));
      } catch (RuntimeException e) {
        log.debug("repair of {}: history not kept: {}", target.originForLog(), e.toString());
      }
    }, blocking);
  }

  private List<RepairRanges.Range> plan(ContentInfo info) {
    ContentDescription d = ContentDescription.parse(info.sdp(), target.originUri());
    double titleSeconds = d.sdp().range()
        .filter(r -> r instanceof NptRange x && x.end().isPresent() && !x.end().get().isNow())
        .map(r -> ((NptRange) r).end().get().seconds())
        .orElse(0.0);
    // only what was watched: the gaps inside it, not the part of the title the viewing never reached
    double duration = wholeTitle.test(info) ? titleSeconds : 0.0;
    List<RepairRanges.Range> all = new ArrayList<>();
    for (ContentDescription.Track t : d.tracks()) {
      SeamedIndex idx = storage.seamedIndex(contentId, t.index());
      long[] positions = new long[idx.size()];
      long[] timestamps = new long[idx.size()];
      for (int i = 0; i < idx.size(); i++) {
        positions[i] = idx.position(i);
        timestamps[i] = idx.timestamp(i);
      }
      all.addAll(RepairRanges.forTrack(positions, timestamps, idx.gaps(), t.clockRateHz(), duration, PAD_SECONDS));
    }
    return RepairRanges.merge(all, duration);
  }

  /** The content's state once no recording of it is running. */
  CompletableFuture<Optional<ContentInfo>> settledState() {
    return settled();
  }

  /** The content once no recording of it is running (the writer seams and states it at its end). */
  private CompletableFuture<Optional<ContentInfo>> settled() {
    return CompletableFuture.supplyAsync(() -> {
      long deadline = System.nanoTime() + SETTLE_MAX_MILLIS * 1_000_000L;
      while (true) {
        Optional<ContentInfo> info = storage.catalog().get(contentId);
        if (info.isEmpty() || info.get().state() != ContentState.RECORDING || System.nanoTime() > deadline) {
          return info;
        }
        try {
          Thread.sleep(SETTLE_POLL_MILLIS); // on the blocking executor: the writer finishes in a few hundred ms
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return info;
        }
      }
    }, blocking);
  }

  private CompletableFuture<Void> pause(long millis) {
    CompletableFuture<Void> p = new CompletableFuture<>();
    loop.schedule(() -> p.complete(null), millis, TimeUnit.MILLISECONDS);
    return p;
  }

  /** A repair leg's packets matter only to its recorder (a tap of the leg). */
  static final PacketSink IGNORED = new PacketSink() {
    @Override
    public void onPacket(int track, ReceivedRtp rtp, ByteBuf packet, long arrivalNanos) {}

    @Override
    public void onBatchEnd() {}

    @Override
    public void onLegClosed(String reason) {}
  };
}
