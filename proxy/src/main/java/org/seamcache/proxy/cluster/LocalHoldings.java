package org.seamcache.proxy.cluster;

import java.net.URI;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.seamcache.proxy.upstream.ContentDescription;
import org.seamcache.storage.ContentInfo;
import org.seamcache.storage.ContentState;
import org.seamcache.storage.Storage;

/**
 * What this node should have in the registry now: its membership, one entry per stored title it
 * holds (complete or partial, the newest copy of each), one per live stream it relays. Titles
 * private to credentials are left out: their keys are per node, and nobody else may be sent to
 * them. Read on the publisher's thread only.
 */
final class LocalHoldings {
  /**
   * Last access is published to this step: each viewed title costs at most one write per step (at
   * 10,000 nodes with 50 titles viewed each per step, 10 min makes 833 writes/s; 1 min would make 8,333).
   */
  static final long LAST_ACCESS_STEP_MILLIS = 10 * 60_000;

  /**
   * The catalog is read this often at most (it checks each title's files): a title's change reaches
   * the registry within this plus a publishing round; membership and live streams every round.
   */
  static final long CATALOG_SCAN_NANOS = 5_000_000_000L;

  private final NodeInfo self;
  private final Storage storage;
  private final Supplier<Collection<LiveViewers>> live;
  private final java.util.function.Function<String, RelayThresholds> thresholds;
  private final ViewerCountThrottle counts = new ViewerCountThrottle();
  private final java.util.function.IntSupplier viewers;
  private final LongSupplier nanoClock;
  private Map<String, TitleHolding> titles = Map.of();
  private long scannedAtNanos;
  private boolean scanned;
  /** Per content id: whether its SDP describes stored (seekable) content; parsed once. */
  private final Map<String, Boolean> seekableById = new HashMap<>();

  /**
   * {@code storage} null: nothing is recorded; {@code live}: the live streams relayed now and their
   * viewers; {@code thresholds}: a route's relay thresholds (null: by URL), published with its streams;
   * {@code viewers}: the node's viewers, published with its membership.
   */
  LocalHoldings(NodeInfo self, Storage storage, Supplier<Collection<LiveViewers>> live,
      java.util.function.Function<String, RelayThresholds> thresholds, java.util.function.IntSupplier viewers, LongSupplier nanoClock) {
    this.viewers = viewers;
    this.self = self;
    this.storage = storage;
    this.live = live;
    this.thresholds = thresholds;
    this.nanoClock = nanoClock;
  }

  /** Registry path → entry bytes. */
  Map<String, byte[]> entries() {
    Map<String, byte[]> out = new LinkedHashMap<>();
    long now = nanoClock.getAsLong();
    // the node's viewers, for siblings choosing a source (SiblingCost): a change written at most every 10 s
    int published = counts.toPublish("", viewers.getAsInt(), RelayThresholds.OFF, now);
    out.put(RegistryPaths.node(self.id()), EntryText.encode(Map.of("id", self.id(), "url", self.url().toString(), "zone", self.zone(),
        "viewers", Integer.toString(published))));
    if (!scanned || now - scannedAtNanos >= CATALOG_SCAN_NANOS) {
      titles = titles();
      scannedAtNanos = now;
      scanned = true;
    }
    for (TitleHolding t : titles.values()) {
      out.put(RegistryPaths.title(t.key(), self.id()), t.encode());
    }
    java.util.Set<String> running = new java.util.HashSet<>();
    for (LiveViewers l : live.get()) {
      if (publishable(l.key())) {
        String key = ContentKeyText.normal(l.key());
        RelayThresholds t = thresholds.apply(l.routeName());
        running.add(key);
        int viewers = counts.toPublish(key, l.viewers(), t, now);
        out.put(RegistryPaths.live(key, self.id()), new LiveHolding(key, self, l.routeName(), viewers, t, l.depth()).encode());
      }
    }
    running.add(""); // the node's own count
    counts.retain(running);
    return out;
  }

  /**
   * Per content key, the copy this node would serve or repair: complete first, then one being
   * recorded now (the title is coming here), then partial, the newest of each.
   */
  Map<String, TitleHolding> titles() {
    Map<String, TitleHolding> best = new LinkedHashMap<>();
    if (storage == null) {
      return best;
    }
    List<ContentInfo> listed = storage.catalog().list();
    seekableById.keySet().retainAll(listed.stream().map(ContentInfo::id).collect(java.util.stream.Collectors.toSet()));
    for (ContentInfo c : listed) {
      boolean complete = c.state() == ContentState.COMPLETE;
      boolean recording = c.state() == ContentState.RECORDING;
      if (!(complete || recording || c.state() == ContentState.PARTIAL) || !c.damage().isEmpty() || !publishable(c.originUrl())
          || !seekableById.computeIfAbsent(c.id(), id -> seekable(c))) {
        continue;
      }
      String key = ContentKeyText.normal(c.originUrl());
      TitleHolding h = new TitleHolding(key, self, complete, complete || recording ? "" : c.stateDetail(), recording ? 0 : c.storedBytes(),
          c.lastAccessMillis() / LAST_ACCESS_STEP_MILLIS * LAST_ACCESS_STEP_MILLIS, recording);
      best.merge(key, h, (a, b) -> rank(a) != rank(b) ? (rank(a) > rank(b) ? a : b) : (a.lastAccessMillis() >= b.lastAccessMillis() ? a : b));
    }
    return best;
  }

  private static int rank(TitleHolding h) {
    return h.complete() ? 2 : h.recording() ? 1 : 0;
  }

  private static boolean publishable(String key) {
    return !ContentKeyText.isPrivate(key);
  }

  private static boolean seekable(ContentInfo c) {
    try {
      return ContentDescription.parse(c.sdp(), URI.create(ContentKeyText.normal(c.originUrl()))).seekable();
    } catch (RuntimeException e) {
      return false; // an SDP we cannot read is not offered to siblings
    }
  }
}
