package org.seamcache.proxy.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.seamcache.proxy.upstream.ContentDescription;
import org.seamcache.seamer.KeyframeStart;
import org.seamcache.seamer.MalformedPacketException;
import org.seamcache.seamer.RtpHeader;
import org.seamcache.storage.ContentInfo;
import org.seamcache.storage.ContentState;
import org.seamcache.storage.ExcerptIndex;
import org.seamcache.storage.RecordedPacket;
import org.seamcache.storage.RecordingReader;
import org.seamcache.storage.Storage;
import org.seamcache.storage.TrackCopyPlan;
import org.seamcache.storage.TrackSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which recordings may be served to viewers instead of asking the origin, and their seamed copies,
 * read once per title (on the blocking executor: it reads the whole queue) and kept in a bounded
 * cache shared by every viewer. Only a {@code complete} recording of stored (seekable) content is
 * served, and only under its content key: a title fetched with credentials is private to them (see
 * {@code ContentKeys}). Whether a copy is fresh enough to answer without asking the origin is
 * {@link CacheFreshness}'s judgment on what the origin said when the title was fetched ({@link
 * OriginValidators}, kept with the recording) and when it was last found unchanged. Thread-safe.
 */
public final class StoredTitles {
  private static final Logger log = LoggerFactory.getLogger(StoredTitles.class);

  private final Storage storage;
  private final Executor blocking;
  private final Cache<String, CompletableFuture<StoredTitle>> loaded = Caffeine.newBuilder().maximumSize(256).build();
  private final java.time.InstantSource wallClock;
  private volatile CachePolicy policy = CachePolicy.defaults();
  /** When a title was last found unchanged at the origin (until then: when it was fetched). */
  private final java.util.Map<String, Long> validatedAt = new java.util.concurrent.ConcurrentHashMap<>();
  /** Titles found changed at the origin while viewers still read them: never served again, purged later. */
  private final java.util.Set<String> superseded = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final CacheDecisions decisions = new CacheDecisions();

  /** {@code storage} null: nothing is recorded, so nothing is served from disk. */
  public StoredTitles(Storage storage, Executor blocking) {
    this(storage, blocking, java.time.Clock.systemUTC());
  }

  public StoredTitles(Storage storage, Executor blocking, java.time.InstantSource wallClock) {
    this.storage = storage;
    this.blocking = blocking;
    this.wallClock = wallClock;
  }

  /** How titles are cached (max age where the origin sets none, routes never served from the cache). */
  public void policy(CachePolicy policy) {
    this.policy = policy;
  }

  public CachePolicy policy() {
    return policy;
  }

  /** Where titles' disk work runs (never an event loop). */
  public Executor executor() {
    return blocking;
  }

  /** The wall clock titles are timed by. */
  public long nowMillis() {
    return wallClock.millis();
  }

  /** Whether {@code content} may answer without asking the origin first (reads its attributes: not for an event loop). */
  public CacheFreshness.Verdict freshness(ContentInfo content, URI originUri, String routeName,
      org.seamcache.proxy.rtsp.CacheControlHeader viewer) {
    OriginValidators v = validators(content, originUri);
    long at = validatedAt.getOrDefault(content.id(), v.fetchedAtMillis());
    return CacheFreshness.judge(v, at, wallClock.millis(), policy.maxAgeFor(routeName), viewer);
  }

  /** What the origin said about {@code content} when it was fetched. */
  public OriginValidators validators(ContentInfo content, URI originUri) {
    var sdp = ContentDescription.parse(content.sdp(), originUri).sdp();
    return OriginValidators.fromAttributes(storage.attributes(content.id()), sdp, content.createdAtMillis());
  }

  /**
   * The origin answered a revalidation with {@code now}: null if the title is unchanged (the copy is
   * fresh again from this moment), else why it changed; a changed copy is never served again.
   */
  public String revalidated(ContentInfo content, URI originUri, OriginValidators now) {
    String changed = validators(content, originUri).changedIn(now);
    decisions.revalidated(content.id(), wallClock.millis(), changed == null ? "unchanged (" + now.describe() + ")" : "changed: " + changed);
    if (changed == null) {
      validatedAt.put(content.id(), wallClock.millis());
      return null;
    }
    superseded.add(content.id());
    loaded.asMap().keySet().removeIf(k -> k.startsWith(content.id() + "/"));
    return changed;
  }

  /**
   * Deletes a copy the origin replaced, so that the title can be recorded again; false if viewers
   * still read it (it stays unserved, and a later request purges it).
   */
  public boolean purgeSuperseded(ContentInfo content) {
    try {
      storage.purge(content.id());
      superseded.remove(content.id());
      validatedAt.remove(content.id());
      return true;
    } catch (org.seamcache.storage.ContentBusyException e) {
      log.info("the replaced copy {} is still read ({}); it is purged once nobody reads it", content.id(), e.getMessage());
      return false;
    }
  }

  /**
   * What the cache holds for one request's content key.
   *
   * @param copy the copy to serve, if any
   * @param shared the copy was fetched with other credentials and the origin said {@code public}
   * @param privateToOthers no copy to serve, but one exists private to other credentials (not served: RFC 2326 §12.8)
   * @param recordedInto a run (a repair) is writing into the copy: it is served as the run before sealed it
   */
  public record Lookup(Optional<ContentInfo> copy, boolean shared, boolean privateToOthers, boolean recordedInto) {

    public static final Lookup NONE = new Lookup(Optional.empty(), false, false, false);
  }

  /**
   * The newest complete recording under {@code contentKey} (the origin URL, private to credentials
   * if the viewer's request carries them), else the newest partial one (gaps the repair has not
   * filled yet: the viewer gets the packets around them rather than an upstream session), if one
   * may be served; {@code originUri} reads its SDP. A partial copy that stops short of the title is
   * refused later, by {@link #load}.
   */
  public Optional<ContentInfo> servable(String contentKey, URI originUri) {
    return lookup(contentKey, originUri).copy();
  }

  /**
   * As {@link #servable}, and a copy fetched with other credentials counts too when the origin's
   * Cache-Control said {@code public} then (RFC 2326 §12.8: it may be cached and shared); one it did
   * not is reported as private to others. Reads the catalog and attributes: not for an event loop.
   */
  public Lookup lookup(String contentKey, URI originUri) {
    if (storage == null) {
      return Lookup.NONE;
    }
    String url = withoutTrailingSlash(contentKey);
    String bare = withoutScope(url);
    List<ContentInfo> listed = storage.catalog().list().stream()
        .filter(c -> withoutScope(withoutTrailingSlash(c.originUrl())).equals(bare)).toList();
    java.util.Set<String> recordedInto = listed.stream().filter(c -> c.state() == ContentState.RECORDING).map(ContentInfo::id)
        .collect(java.util.stream.Collectors.toSet());
    List<ContentInfo> all = listed.stream().map(this::asServable).toList();
    List<ContentInfo> recorded = all.stream().filter(c -> withoutTrailingSlash(c.originUrl()).equals(url)).toList();
    for (ContentInfo c : recorded) {
      if (!servableState(c)) {
        log.info("not serving {} from disk: content {} is {} ({}{})", url, c.id(), c.state().label(), c.stopDetail(),
            c.damage().isEmpty() ? "" : "; " + c.damage());
      }
    }
    Optional<ContentInfo> best = best(recorded, originUri);
    boolean shared = false;
    boolean privateToOthers = false;
    if (best.isEmpty()) {
      List<ContentInfo> others = all.stream().filter(c -> !withoutTrailingSlash(c.originUrl()).equals(url))
          .filter(c -> org.seamcache.proxy.route.ContentKeys.isPrivate(c.originUrl())).filter(StoredTitles::servableState).toList();
      List<ContentInfo> shareable = others.stream().filter(this::originSaidPublic).toList();
      best = best(shareable, originUri);
      shared = best.isPresent();
      privateToOthers = best.isEmpty() && !others.isEmpty();
      best.ifPresent(c -> log.info("serving {} from content {}, fetched with other credentials: the origin said public", bare, c.id()));
    }
    best.filter(c -> c.state() == ContentState.PARTIAL).ifPresent(c -> log.info(
        "serving {} from a partial copy (content {}: {} position(s) missing); its repair goes on", url, c.id(), c.missing()));
    return new Lookup(best, shared, privateToOthers, best.isPresent() && recordedInto.contains(best.get().id()));
  }

  private Optional<ContentInfo> best(List<ContentInfo> candidates, URI originUri) {
    return candidates.stream()
        .filter(StoredTitles::servableState)
        .filter(c -> !superseded.contains(c.id()))
        .filter(c -> ContentDescription.parse(c.sdp(), originUri).seekable())
        .max(Comparator.comparing((ContentInfo c) -> c.state() == ContentState.COMPLETE).thenComparingLong(ContentInfo::lastArrivalNanos));
  }

  /** Whether the origin's Cache-Control said {@code public} when the copy was fetched. */
  public boolean originSaidPublic(ContentInfo c) {
    String cc = storage.attributes(c.id()).get(OriginValidators.CACHE_CONTROL_ATTRIBUTE);
    if (cc == null) {
      return false;
    }
    try {
      return org.seamcache.proxy.rtsp.CacheControlHeader.parse(cc).isPublic();
    } catch (org.seamcache.proxy.rtsp.RtspHeaderException e) {
      return false; // unreadable: not shared
    }
  }

  /** What the cache decided lately, and per copy how often it answered. */
  public CacheDecisions decisions() {
    return decisions;
  }

  /**
   * Every stored (seekable) title on disk with its cache standing, the most recently used first, at
   * most {@code limit}; {@code routeOf} names the route a content is under (its max age), or null.
   * Reads the catalog and attributes: not for an event loop.
   */
  public List<StoredTitleStatus> status(java.util.function.Function<ContentInfo, String> routeOf, int limit) {
    return storage == null ? List.of() : new TitleStandings(this, storage).list(routeOf, limit);
  }

  /** When copy {@code id} was last found unchanged at the origin, else {@code fetchedAtMillis}. */
  long validatedAt(String id, long fetchedAtMillis) {
    return validatedAt.getOrDefault(id, fetchedAtMillis);
  }

  /** Whether copy {@code id} was found changed at the origin (never served again). */
  boolean superseded(String id) {
    return superseded.contains(id);
  }

  /** A content key without its private scope ({@code #private=...}). */
  public static String withoutScope(String key) {
    int scope = key.indexOf("#private=");
    return scope < 0 ? key : key.substring(0, scope);
  }

  /**
   * A content a run is appending to (a repair filling its gaps) is served as the run before sealed
   * it: the positions already there, read from disk, rather than an upstream session per viewer.
   */
  private ContentInfo asServable(ContentInfo c) {
    if (c.state() != ContentState.RECORDING) {
      return c;
    }
    return storage.sealedCopy(c.id()).map(sealed -> {
      log.debug("{}: content {} is being recorded into (a repair); its copy as sealed before ({}, {} position(s) missing) may be served",
          c.originUrl(), c.id(), sealed.info().state().label(), sealed.info().missing());
      return sealed.info();
    }).orElse(c);
  }

  private static boolean servableState(ContentInfo c) {
    return (c.state() == ContentState.COMPLETE || c.state() == ContentState.PARTIAL) && c.damage().isEmpty();
  }

  /**
   * The title's seamed copy, read from disk the first time and shared afterwards; fails when the
   * copy stops short of the title (the caller then goes to the origin).
   */
  public CompletableFuture<StoredTitle> load(ContentInfo content, URI originUri) {
    // keyed by what the copy holds too: a partial copy loaded before its repair is not served after it
    return loaded.get(content.id() + "/" + content.excerpts(), k -> CompletableFuture.supplyAsync(() -> read(content, originUri), blocking)
        .whenComplete((t, e) -> {
          if (e != null) {
            loaded.invalidate(k); // a failed read is tried again by the next viewer
          }
        }));
  }

  /** A reader of the title's recording for one viewer (opening touches the disk: call it off the event loop). */
  public CompletableFuture<RecordingReader> openReader(String id) {
    return CompletableFuture.supplyAsync(() -> storage.openReader(id), blocking);
  }

  /**
   * Opens a reader of a recording (also one still being written) and hands it to {@code use}, both
   * off the event loop; {@code use} owns the reader from then on (it is closed here if {@code use} fails).
   */
  public <T> CompletableFuture<T> withReader(String id, java.util.function.Function<RecordingReader, T> use) {
    return CompletableFuture.supplyAsync(() -> {
      RecordingReader reader = storage.openReader(id);
      try {
        return use.apply(reader);
      } catch (RuntimeException e) {
        reader.close();
        throw e;
      }
    }, blocking);
  }

  private StoredTitle read(ContentInfo content, URI originUri) {
    ContentDescription description = ContentDescription.parse(content.sdp(), originUri);
    List<StoredTitle.Track> tracks = new ArrayList<>();
    double duration = 0;
    // while a run appends to the copy (a repair), its seamed indexes are the ones the run before sealed
    Optional<org.seamcache.storage.SealedCopy> sealed = storage.sealedCopy(content.id());
    try (RecordingReader reader = storage.openReader(content.id())) {
      for (TrackSummary summary : content.trackSummaries()) {
        ContentDescription.Track d = description.tracks().get(summary.track());
        TrackCopyPlan plan = TrackCopyPlan.bestCopies(sealed.isPresent()
            ? sealed.get().track(summary.track())
            : storage.seamedIndex(content.id(), summary.track()));
        List<TrackCopyPlan.Entry> entries = plan.entries();
        int n = entries.size();
        long[] excerpts = new long[n];
        long[] positions = new long[n];
        long[] timestamps = new long[n];
        boolean[] keyframes = new boolean[n];
        boolean withKeyframes = KeyframeStart.hasKeyframes(d.encodingName());
        for (int i = 0; i < n; i++) {
          TrackCopyPlan.Entry e = entries.get(i);
          excerpts[i] = e.index().value();
          positions[i] = e.position();
          timestamps[i] = e.timestamp();
          if (withKeyframes) {
            keyframes[i] = startsKeyframe(d.encodingName(), reader, e.index());
          }
        }
        StoredTitle.Track t = new StoredTitle.Track(summary.track(), Math.max(1, d.clockRateHz()), excerpts, positions, timestamps, keyframes);
        if (n > 0) {
          duration = Math.max(duration, t.mediaSeconds(n - 1));
        }
        tracks.add(t);
      }
    }
    // the title's duration as its origin described it (the last packet starts one frame before the end)
    double described = description.sdp().range()
        .filter(r -> r instanceof org.seamcache.proxy.rtsp.NptRange n && n.end().isPresent() && !n.end().get().isNow())
        .map(r -> ((org.seamcache.proxy.rtsp.NptRange) r).end().get().seconds())
        .orElse(duration);
    if (duration < described - 1.0) {
      // never serve a copy that stops short of the title as if it were the title
      throw new IllegalStateException("the recording of " + content.originUrl() + " covers " + String.format(java.util.Locale.ROOT,
          "%.1f of %.1f", duration, described) + " s");
    }
    duration = Math.max(duration, described);
    log.info("serving {} from disk: content {}, {} track(s), {} s", content.originUrl(), content.id(), tracks.size(),
        String.format(java.util.Locale.ROOT, "%.1f", duration));
    return new StoredTitle(content.id(), content.originUrl(), description, tracks, duration);
  }

  private static boolean startsKeyframe(String encoding, RecordingReader reader, ExcerptIndex index) {
    RecordedPacket p;
    try {
      p = reader.read(index);
    } catch (org.seamcache.storage.CorruptExcerptException e) {
      return false; // its playout will skip it too (counted there)
    }
    return p != null && startsKeyframe(encoding, p.bytes());
  }

  private static boolean startsKeyframe(String encoding, byte[] packet) {
    try {
      RtpHeader h = RtpHeader.parse(packet, 0, packet.length);
      return KeyframeStart.isStart(encoding, java.nio.ByteBuffer.wrap(packet, h.payloadOffset(), h.payloadLength()).slice());
    } catch (MalformedPacketException e) {
      return false; // verified when recorded; an odd one just does not start a key frame
    }
  }

  private static String withoutTrailingSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  /** Where a packet's bytes are. */
  static ExcerptIndex excerpt(long value) {
    return new ExcerptIndex(value);
  }
}
