package org.seamcache.proxy.record;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import org.seamcache.proxy.route.OriginTarget;
import org.seamcache.proxy.upstream.ContentDescription;
import org.seamcache.storage.ContentDescriptor;
import org.seamcache.storage.RecorderStats;
import org.seamcache.storage.Recording;
import org.seamcache.storage.Storage;
import org.seamcache.storage.TrackInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One storage recording per content, shared by all the legs that carry it (a live stream's leg,
 * or each viewer's leg of stored content), each leg with its own id. The recording starts with the
 * first leg (on a blocking executor: it touches the disk) and finishes when the last leg ends:
 * complete if every leg ended normally. Thread-safe.
 */
public final class ContentRecordings {
  private static final Logger log = LoggerFactory.getLogger(ContentRecordings.class);

  private final Storage storage;
  /** Which contents are recorded; replaced whole on a configuration reload (new contents only). */
  private record Rule(RecordPolicy policy, Set<String> routeNames) {}

  private volatile Rule rule;
  private final Executor blocking;
  private final Clock wallClock;
  private final LongSupplier nanoClock;
  private final Map<String, Share> shares = new HashMap<>();
  /** Recordings whose last leg ended, being finished (sealed, seamed, stated). */
  private final java.util.Set<CompletableFuture<Void>> finishing = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private volatile java.util.function.BiConsumer<OriginTarget, String> onFinished = (t, id) -> {};

  /** Told when a content's recording run finishes (its last leg ended), with the content id. */
  public void onFinished(java.util.function.BiConsumer<OriginTarget, String> listener) {
    this.onFinished = listener;
  }

  public ContentRecordings(Storage storage, RecordPolicy policy, Set<String> routeNames, Executor blocking, Clock wallClock, LongSupplier nanoClock) {
    this.storage = storage;
    this.rule = new Rule(policy, Set.copyOf(routeNames));
    this.blocking = blocking;
    this.wallClock = wallClock;
    this.nanoClock = nanoClock;
  }

  /** Whether this content is recorded under the policy. */
  public boolean records(OriginTarget target) {
    Rule r = rule;
    return switch (r.policy()) {
      case ALL -> storage != null;
      case NONE -> false;
      case ROUTES -> storage != null && target.routeName() != null && r.routeNames().contains(target.routeName());
    };
  }

  /** From now on (contents whose recording starts later), record by this policy (a configuration reload). */
  public void policy(RecordPolicy policy, Set<String> routeNames) {
    rule = new Rule(policy, Set.copyOf(routeNames));
  }

  /**
   * A recorder for a new leg of this content, or null (completed) when it is not recorded.
   *
   * @param attributes kept with the recording when this leg starts it (the origin's validators)
   */
  public CompletableFuture<LegRecorder> forLeg(OriginTarget target, String originUrl, ContentDescription content,
      java.util.Map<String, String> attributes) {
    if (!records(target)) {
      return CompletableFuture.completedFuture(null);
    }
    Share share;
    int legId;
    synchronized (this) {
      Share current = shares.get(originUrl);
      if (current == null || current.neverStarted()) {
        // A leg joining after a failed start tries again rather than inheriting the failure.
        current = new Share(originUrl, target, start(originUrl, content, attributes));
        shares.put(originUrl, current);
      }
      share = current;
      legId = share.legs++;
      share.open++;
    }
    return share.recording.thenApply(
        r -> new LegRecorder(share, r, legId, wallClock.instant().getEpochSecond() * 1_000_000_000L + wallClock.instant().getNano(), nanoClock.getAsLong()));
  }

  private CompletableFuture<Recording> start(String originUrl, ContentDescription content, java.util.Map<String, String> attributes) {
    List<TrackInfo> tracks =
        content.tracks().stream()
            .map(t -> new TrackInfo(t.index(), t.control(), t.mediaType(), Math.max(0, t.payloadType()), t.encodingName(), Math.max(1, t.clockRateHz())))
            .toList();
    ContentDescriptor descriptor = new ContentDescriptor(originUrl, content.sdp().format(), tracks);
    return CompletableFuture.supplyAsync(
        () -> {
          Recording r = storage.startRecording(descriptor);
          RecorderStats s = r.stats();
          if (!s.running()) {
            log.warn("not recording {}: {} {}", originUrl, s.stopReason(), s.stopDetail());
          } else {
            log.info("recording {} as {}", originUrl, r.id());
            try {
              storage.addAttributes(r.id(), attributes); // beside what is kept already (the repair history)
            } catch (RuntimeException e) {
              log.warn("recording {}: cannot keep the origin's caching headers with it: {}", r.id(), e.toString());
            }
          }
          return r;
        },
        blocking);
  }

  /**
   * Waits up to {@code timeout} until every recording whose legs have all ended is finished, and no
   * content is still being recorded (a graceful stop: recordings end as {@code finish}ed runs, not
   * cut off by the storage closing under them).
   */
  public void awaitFinished(java.time.Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      boolean idle;
      synchronized (this) {
        idle = shares.isEmpty();
      }
      if (idle && finishing.isEmpty()) {
        return;
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * The id of the recording being written for {@code contentKey} (onward streams read behind its
   * writer), if one is running and has started.
   */
  public synchronized java.util.Optional<String> recordingOf(String contentKey) {
    Share share = shares.get(contentKey);
    if (share == null || !share.recording.isDone() || share.recording.isCompletedExceptionally()) {
      return java.util.Optional.empty();
    }
    Recording r = share.recording.join();
    return r.stats().running() ? java.util.Optional.of(r.id()) : java.util.Optional.empty();
  }

  /** All recordings being written, for status. */
  public synchronized List<RecorderStats> active() {
    return shares.values().stream().filter(s -> s.recording.isDone() && !s.recording.isCompletedExceptionally()).map(s -> s.recording.join().stats()).toList();
  }

  /** A content's recording and the legs writing to it. */
  final class Share {
    private final String originUrl;
    private final OriginTarget target;
    private final CompletableFuture<Recording> recording;
    private int legs;
    private int open;
    private boolean allNormal = true;

    Share(String originUrl, OriginTarget target, CompletableFuture<Recording> recording) {
      this.originUrl = originUrl;
      this.target = target;
      this.recording = recording;
    }

    /** Whether the recording could not start at all (content busy, files unusable): nothing to share. */
    boolean neverStarted() {
      if (!recording.isDone() || recording.isCompletedExceptionally()) {
        return false;
      }
      RecorderStats s = recording.join().stats();
      return s.stopReason() == org.seamcache.storage.StopReason.NOT_STARTED && s.recordedPackets() == 0;
    }

    /** A leg ended; the last one finishes the recording. */
    void release(boolean normalEnd) {
      boolean last;
      synchronized (ContentRecordings.this) {
        allNormal &= normalEnd;
        last = --open == 0;
        if (last) {
          shares.remove(originUrl, this);
        }
      }
      if (last) {
        boolean complete = allNormal;
        CompletableFuture<Void> done = recording.thenAccept(r -> {
          r.finish(complete);
          if (r.stats().stopReason() == null || r.stats().recordedPackets() > 0) {
            onFinished.accept(target, r.id());
          }
        });
        finishing.add(done);
        done.whenComplete((v, e) -> finishing.remove(done));
      }
    }
  }
}
