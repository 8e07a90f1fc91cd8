package org.seamcache.proxy.session;

import io.netty.channel.EventLoopGroup;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.seamcache.proxy.route.OriginTarget;
import org.seamcache.proxy.upstream.ContentDescription;
import org.seamcache.storage.ContentInfo;
import org.seamcache.storage.ContentState;
import org.seamcache.storage.Storage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a {@link TitleRepair} when a stored title's recording run ends {@code partial} (gaps, or
 * not all of it fetched): the whole title is made gap-free in the background, so the next viewer
 * is served a complete copy from disk. One repair per content at a time. After a restart, titles
 * left partial or interrupted (the process died, perhaps mid-repair) are repaired again, one after
 * another. Thread-safe.
 */
public final class Repairs {
  private static final Logger log = LoggerFactory.getLogger(Repairs.class);

  private final Storage storage;
  private final Executor blocking;
  private final EventLoopGroup loops;
  private final ContentSources sources;
  private final ProxyCounters counters;
  private final Set<String> running = ConcurrentHashMap.newKeySet();
  /** Contents whose repair waits for the window to open (one timer each). */
  private final Set<String> waiting = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;
  private volatile org.seamcache.proxy.cache.RepairWindow window = org.seamcache.proxy.cache.RepairWindow.ALWAYS;
  private volatile java.time.Clock clock = java.time.Clock.systemDefaultZone();
  private volatile org.seamcache.proxy.cache.CachePolicy policy = org.seamcache.proxy.cache.CachePolicy.defaults();

  public Repairs(Storage storage, Executor blocking, EventLoopGroup loops, ContentSources sources, ProxyCounters counters) {
    this.storage = storage;
    this.blocking = blocking;
    this.loops = loops;
    this.sources = sources;
    this.counters = counters;
  }

  /** How much of a title repairs fetch ({@link org.seamcache.proxy.cache.CachePolicy#repairsWholeTitle}); its window is set by {@link #window}. */
  public void policy(org.seamcache.proxy.cache.CachePolicy policy) {
    this.policy = policy;
  }

  /** The whole title's size, from the bytes stored over the media time they span. */
  private static long estimatedTitleBytes(ContentInfo info, OriginTarget target) {
    double title = ContentDescription.parse(info.sdp(), target.originUri()).sdp().range()
        .filter(r -> r instanceof org.seamcache.proxy.rtsp.NptRange x && x.end().isPresent() && !x.end().get().isNow())
        .map(r -> ((org.seamcache.proxy.rtsp.NptRange) r).end().get().seconds())
        .orElse(0.0);
    double stored = info.durationNanos() / 1e9;
    return stored <= 0 || title <= 0 ? info.bytes() : (long) (info.bytes() * Math.max(1.0, title / stored));
  }

  /** Repairs and prefetches run only inside {@code window} (local time of {@code clock}); replaced on reload. */
  public void window(org.seamcache.proxy.cache.RepairWindow window, java.time.Clock clock) {
    this.window = window;
    this.clock = clock;
  }

  /** A recording run of {@code contentId} finished; repairs it if it is a partial stored title. */
  public void finished(OriginTarget target, String contentId) {
    inWindow("repair of " + target.originForLog(), contentId, () -> repair(target, contentId));
  }

  /**
   * Runs {@code work} now if the repair window is open, else once it opens (one line saying so);
   * returns how long it waits (zero: ran now).
   */
  private java.time.Duration inWindow(String what, String key, Runnable work) {
    java.time.Duration wait = window.untilOpen(java.time.ZonedDateTime.now(clock));
    if (wait.isZero()) {
      work.run();
      return wait;
    }
    if (waiting.add(key)) {
      log.info("{}: waiting for the repair window {} (opens in {} min)", what, window, wait.toMinutes());
      loops.next().schedule(() -> {
        waiting.remove(key);
        if (!closed) {
          inWindow(what, key, work); // the window may have moved with a reload
        }
      }, wait.toMillis() + 1000, java.util.concurrent.TimeUnit.MILLISECONDS);
    }
    return wait;
  }

  /**
   * At start: every stored title that is {@code partial}, or {@code incomplete} only because the
   * writer died (a kill or a crash, perhaps in the middle of a repair; its packets are all there),
   * is repaired again, one title after another so a restart does not hit the origins at once.
   * {@code targets} says where each content comes from (its route, with the route's credentials);
   * empty for one that cannot be fetched again (private to credentials no route carries).
   */
  public void resumeAfterRestart(java.util.function.Function<ContentInfo, java.util.Optional<OriginTarget>> targets) {
    if (storage == null) {
      return;
    }
    CompletableFuture.supplyAsync(() -> storage.catalog().list(), blocking).thenAccept(all -> {
      java.util.List<java.util.Map.Entry<OriginTarget, String>> todo = new java.util.ArrayList<>();
      for (ContentInfo c : all) {
        if (!resumable(c)) {
          continue;
        }
        java.util.Optional<OriginTarget> t = targets.apply(c);
        if (t.isEmpty() || !ContentDescription.parse(c.sdp(), t.get().originUri()).seekable()) {
          if (t.isEmpty()) {
            log.info("repair of content {} ({}): not resumed, it is private to credentials no route carries", c.id(), c.state().label());
          }
          continue;
        }
        todo.add(java.util.Map.entry(t.get(), c.id()));
      }
      if (!todo.isEmpty()) {
        log.info("repair after restart: {} stored title(s) partial or interrupted; repairing them one after another", todo.size());
      }
      inWindow("repair after restart", "restart", () -> {
        CompletableFuture<?> chain = CompletableFuture.completedFuture(null);
        for (var e : todo) {
          chain = chain.thenCompose(v -> closed ? CompletableFuture.completedFuture(null) : repair(e.getKey(), e.getValue()));
        }
      });
    }).exceptionally(e -> {
      log.warn("repair after restart: could not read the catalog: {}", e.getMessage());
      return null;
    });
  }

  private static boolean resumable(ContentInfo c) {
    return c.state() == ContentState.PARTIAL
        || (c.state() == ContentState.INCOMPLETE && c.damage().isEmpty() && c.stopReason() == org.seamcache.storage.StopReason.WRITER_DIED);
  }

  /** Repairs {@code contentId} if it needs it; completes when done (or at once when another repair of it runs). */
  private CompletableFuture<Void> repair(OriginTarget target, String contentId) {
    if (closed || storage == null || !running.add(contentId)) {
      return CompletableFuture.completedFuture(null);
    }
    TitleRepair repair = new TitleRepair(target, contentId, storage, blocking, loops.next(), l -> sources.openReliableLeg(target, l), counters);
    repair.scope(info -> {
      boolean whole = policy.repairsWholeTitle(target.routeName(), estimatedTitleBytes(info, target));
      if (!whole) {
        log.info("repair of {}: only what was watched (route {}, repair max bytes {})", target.originForLog(), target.routeName(),
            policy.repairMaxBytes());
      }
      return whole;
    });
    return repair.settledState()
        .thenCompose(info -> {
          boolean stored = info.isPresent() && ContentDescription.parse(info.get().sdp(), target.originUri()).seekable();
          if (!stored || !resumable(info.get()) || closed) {
            return CompletableFuture.completedFuture((ContentState) null);
          }
          counters.repairs.increment();
          log.info("repair of {}: starting, the recording is {} ({})", target.originForLog(), info.get().state().label(), info.get().stopDetail());
          return repair.run();
        })
        .handle((state, err) -> {
          running.remove(contentId);
          Throwable cause = err instanceof java.util.concurrent.CompletionException && err.getCause() != null ? err.getCause() : err;
          if (cause instanceof org.seamcache.storage.ContentBusyException) {
            // another viewer is fetching it again: its recording run ends in another repair check
            log.info("repair of {}: postponed, the content is being recorded again; it is checked when that run ends", target.originForLog());
          } else if (cause != null) {
            log.warn("repair of {} failed: {}", target.originForLog(), cause.getMessage());
          }
          return (Void) null;
        });
  }

  /**
   * Fetches a stored title into the cache before anyone asks: one TCP-interleaved leg plays it whole
   * (recorded like any leg); if the recording ends partial, the usual repair makes it complete.
   * Completes once the fetch has started, with a line for the operator.
   */
  public java.util.concurrent.CompletableFuture<String> prefetch(OriginTarget target) {
    if (closed || storage == null) {
      return java.util.concurrent.CompletableFuture.failedFuture(
          new org.seamcache.proxy.rtsp.RtspStatusException(503, "nothing is recorded (--record none) or the proxy is stopping"));
    }
    java.time.Duration wait = window.untilOpen(java.time.ZonedDateTime.now(clock));
    if (!wait.isZero()) {
      inWindow("prefetch of " + target.originForLog(), "prefetch " + target.originUri(), () -> prefetch(target).whenComplete((line, e) -> {
        if (e != null) {
          log.warn("prefetch of {} failed: {}", target.originForLog(), e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
        } else {
          log.info("{}", line);
        }
      }));
      return CompletableFuture.completedFuture(String.format(java.util.Locale.ROOT,
          "prefetch of %s: scheduled for the repair window %s (opens in %d min)", target.originForLog(), window, wait.toMinutes()));
    }
    io.netty.channel.EventLoop loop = loops.next();
    return sources.openReliableLeg(target, loop).thenComposeAsync(leg -> {
      ContentDescription d = leg.content();
      double seconds = d.sdp().range()
          .filter(r -> r instanceof org.seamcache.proxy.rtsp.NptRange n && n.end().isPresent() && !n.end().get().isNow())
          .map(r -> ((org.seamcache.proxy.rtsp.NptRange) r).end().get().seconds())
          .orElse(-1.0);
      if (!d.seekable() || seconds <= 0) {
        leg.teardown();
        throw new org.seamcache.proxy.rtsp.RtspStatusException(400, "live content cannot be prefetched");
      }
      counters.prefetches.increment();
      counters.upstreamSessions.increment();
      int[] all = d.tracks().stream().mapToInt(ContentDescription.Track::index).toArray();
      log.info("prefetch of {}: fetching the whole title ({} s) over TCP", target.originForLog(), seconds);
      return leg.start(all, "npt=0-", TitleRepair.IGNORED).thenApply(r -> {
        loop.schedule(leg::teardown, Math.round(seconds * 1000) + 2000, java.util.concurrent.TimeUnit.MILLISECONDS);
        return String.format(java.util.Locale.ROOT, "prefetching %s: %.1f s of media over TCP", target.originForLog(), seconds);
      }).whenComplete((r, e) -> {
        if (e != null) {
          leg.teardown();
        }
      });
    }, loop);
  }

  /** No new repairs (shutdown); running ones end with their legs. */
  public void close() {
    closed = true;
  }
}
