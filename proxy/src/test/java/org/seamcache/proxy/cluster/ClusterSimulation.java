package org.seamcache.proxy.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;

/**
 * A discrete-event simulation of a cluster's registry traffic under the node's real publishing
 * rules: each node publishes once per {@link ClusterSettings#DEFAULT_PUBLISH_INTERVAL}, sees its
 * catalog at most every {@link LocalHoldings#CATALOG_SCAN_NANOS}, writes only entries that differ
 * from what it wrote (so changes between two scans coalesce), at most {@link
 * ZooKeeperCluster#MAX_WRITES_PER_ROUND} per round, with last access coarsened to {@link
 * LocalHoldings#LAST_ACCESS_STEP_MILLIS}. Viewers ask random nodes for stored titles of Zipf
 * popularity; a node that holds a title complete serves it, else (policy redirect) it looks the
 * title up (one getChildren and one getData per holder, leaving one-time watches, cached until a
 * watch fires) and redirects to a complete holder, same zone first; with none it fetches from the
 * origin and records the title (partial, then complete after its length), evicting its least
 * recently used title when full. Live viewers are spread over the nodes, each node with viewers
 * of a channel holding one origin session for it. Single-threaded; deterministic for a seed.
 */
final class ClusterSimulation {

  /**
   * What is simulated. {@code holdersReadPerLookup}: 0 reads every holder's entry, as the code did
   * before it read a sample; N reads a random N of them, as the code does with {@link
   * SiblingLocations#HOLDERS_READ_PER_LOOKUP}.
   */
  record Params(int nodes, int titles, int zones, int seconds, double requestsPerNodePerSecond, double zipfExponent,
      int titlesPerNode, int titleSeconds, int liveChannels, int liveViewers, long seed, int holdersReadPerLookup) {
    Params(int nodes, int titles, int zones, int seconds, double requestsPerNodePerSecond, double zipfExponent,
        int titlesPerNode, int titleSeconds, int liveChannels, int liveViewers, long seed) {
      this(nodes, titles, zones, seconds, requestsPerNodePerSecond, zipfExponent, titlesPerNode, titleSeconds, liveChannels, liveViewers, seed, 0);
    }
  }

  /** What came out. Rates are per simulated second, after the first {@code warmupSeconds}. */
  record Figures(Params params, int warmupSeconds, double writesPerSecond, long peakWritesInASecond, double watchEventsPerSecond,
      long peakWatchEventsInASecond, double readsPerSecond, double requestsPerSecond, double redirectedShare, double originShare,
      long[] hops, long maxWritesOfANodeInARound, long registryEntries, boolean registryMatchesHoldings, long stateChanges,
      long writesTotal, int originSessionsTopLiveChannel, int originSessionsAllLive) {}

  private static final long PUBLISH_MILLIS = ClusterSettings.DEFAULT_PUBLISH_INTERVAL.toMillis();
  private static final long SCAN_MILLIS = LocalHoldings.CATALOG_SCAN_NANOS / 1_000_000;
  private static final long STEP_MILLIS = LocalHoldings.LAST_ACCESS_STEP_MILLIS;
  private static final int MAX_WRITES = ZooKeeperCluster.MAX_WRITES_PER_ROUND;
  /** Hops past this are counted as a loop (none is expected: only complete holders are chosen). */
  static final int MAX_HOPS = 8;

  private enum Kind { REQUEST, RECORDED, ROUND }

  private record Event(long atMillis, Kind kind, int node, int title) {}

  /** One node's copy of one title: recording (partial) or complete, and when it was last read. */
  private static final class Copy {
    boolean complete;
    long lastAccessMillis;
  }

  /** One node: what it holds (least recently used first), what it wrote, what changed since. */
  private static final class Node {
    final int zone;
    /** In order of last use (a viewer's read moves a title to the end; the publisher's reads do not). */
    final LinkedHashMap<Integer, Copy> held = new LinkedHashMap<>();
    final Map<Integer, Long> written = new HashMap<>();
    final Set<Integer> changedSinceScan = new HashSet<>();
    final LinkedHashMap<Integer, Long> toWrite = new LinkedHashMap<>();
    long lastScanMillis = Long.MIN_VALUE / 2;

    Node(int zone) {
      this.zone = zone;
    }
  }

  private final Params p;
  private final Random random;
  private final double[] zipfCdf;
  private final Node[] nodes;
  private final PriorityQueue<Event> events = new PriorityQueue<>((a, b) -> Long.compare(a.atMillis, b.atMillis));
  /** The registry: title → node → entry value (complete flag and last-access step). */
  private final Map<Integer, Map<Integer, Long>> registry = new HashMap<>();
  /** Title → nodes whose cached lookup of it left watches (one-time: cleared when they fire). */
  private final Map<Integer, Set<Integer>> watchers = new HashMap<>();
  private final long[] writesPerSecond;
  private final long[] watchEventsPerSecond;
  private long reads;
  private long requests;
  private long redirected;
  private long fromOrigin;
  private final long[] hops = new long[MAX_HOPS + 2];
  private long maxWritesInRound;
  private long stateChanges;
  private long writesTotal;
  private final int warmupSeconds;

  ClusterSimulation(Params p) {
    this.p = p;
    this.random = new Random(p.seed());
    this.zipfCdf = zipfCdf(p.titles(), p.zipfExponent());
    this.nodes = new Node[p.nodes()];
    for (int i = 0; i < nodes.length; i++) {
      nodes[i] = new Node(i % p.zones());
    }
    this.writesPerSecond = new long[p.seconds() + 1];
    this.watchEventsPerSecond = new long[p.seconds() + 1];
    this.warmupSeconds = Math.min(p.seconds() / 3, p.titleSeconds() + 10);
  }

  private static double[] zipfCdf(int n, double s) {
    double[] cdf = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += 1 / Math.pow(i + 1, s);
      cdf[i] = sum;
    }
    for (int i = 0; i < n; i++) {
      cdf[i] /= sum;
    }
    return cdf;
  }

  private int zipfTitle() {
    int i = java.util.Arrays.binarySearch(zipfCdf, random.nextDouble());
    return Math.min(i < 0 ? -i - 1 : i, zipfCdf.length - 1);
  }

  Figures run() {
    long endMillis = p.seconds() * 1000L;
    for (int n = 0; n < nodes.length; n++) {
      events.add(new Event(random.nextInt((int) PUBLISH_MILLIS), Kind.ROUND, n, -1)); // rounds out of phase, as nodes start
    }
    double perMilli = p.nodes() * p.requestsPerNodePerSecond() / 1000.0;
    for (double t = -Math.log(1 - random.nextDouble()) / perMilli; t < endMillis; t += -Math.log(1 - random.nextDouble()) / perMilli) {
      events.add(new Event((long) t, Kind.REQUEST, random.nextInt(p.nodes()), zipfTitle()));
    }
    // a quiet tail: recordings under way end, then two scans and rounds let the registry catch up
    long settledMillis = endMillis + p.titleSeconds() * 1000L + 2 * SCAN_MILLIS + 2 * PUBLISH_MILLIS;
    while (!events.isEmpty() && events.peek().atMillis <= settledMillis) {
      Event e = events.poll();
      switch (e.kind) {
        case REQUEST -> request(e.atMillis, e.node, e.title);
        case RECORDED -> recorded(e.atMillis, e.node, e.title);
        case ROUND -> {
          round(e.atMillis, e.node);
          events.add(new Event(e.atMillis + PUBLISH_MILLIS, Kind.ROUND, e.node, -1));
        }
      }
    }
    return figures();
  }

  private void request(long now, int first, int title) {
    boolean counted = now >= warmupSeconds * 1000L;
    if (counted) {
      requests++;
    }
    int at = first;
    for (int hop = 0; ; hop++) {
      Copy own = nodes[at].held.remove(title);
      if (own != null) {
        nodes[at].held.put(title, own); // most recently used now
      }
      if (own != null && own.complete) {
        touch(now, at, title, own);
        count(counted, hop);
        return;
      }
      int sibling = hop > MAX_HOPS ? -1 : completeHolder(now, at, title);
      if (sibling < 0) {
        if (own == null) {
          record(now, at, title);
        }
        if (counted) {
          fromOrigin++;
        }
        count(counted, hop);
        return;
      }
      if (counted && hop == 0) {
        redirected++;
      }
      at = sibling;
    }
  }

  private void count(boolean counted, int hop) {
    if (counted) {
      hops[Math.min(hop, hops.length - 1)]++;
    }
  }

  /** The lookup of {@code title} by {@code node}: cached while its watches have not fired, else read from the registry. */
  private int completeHolder(long now, int node, int title) {
    Set<Integer> w = watchers.computeIfAbsent(title, k -> new HashSet<>());
    Map<Integer, Long> holders = registry.getOrDefault(title, Map.of());
    int k = p.holdersReadPerLookup();
    if (k > 0 && holders.size() > k) {
      List<Integer> names = new ArrayList<>(holders.keySet());
      java.util.Collections.shuffle(names, random);
      Map<Integer, Long> sample = new HashMap<>();
      for (int n : names.subList(0, k)) {
        sample.put(n, holders.get(n));
      }
      holders = sample;
    }
    if (w.add(node) && now >= warmupSeconds * 1000L) { // not cached: getChildren, then getData of each holder read
      reads += 1 + holders.size();
    }
    int best = -1;
    boolean bestSameZone = false;
    for (Map.Entry<Integer, Long> h : holders.entrySet()) {
      if (h.getKey() == node || (h.getValue() & 1) == 0) {
        continue;
      }
      boolean sameZone = nodes[h.getKey()].zone == nodes[node].zone;
      if (best < 0 || (sameZone && !bestSameZone) || (sameZone == bestSameZone && h.getKey() < best)) {
        best = h.getKey();
        bestSameZone = sameZone;
      }
    }
    return best;
  }

  private void touch(long now, int node, int title, Copy c) {
    if (c.lastAccessMillis / STEP_MILLIS != now / STEP_MILLIS) {
      c.lastAccessMillis = now;
      changed(node, title);
    }
  }

  private void record(long now, int node, int title) {
    Node n = nodes[node];
    if (n.held.size() >= p.titlesPerNode()) {
      Integer oldest = n.held.keySet().iterator().next();
      n.held.remove(oldest);
      changed(node, oldest);
    }
    Copy c = new Copy();
    c.lastAccessMillis = now;
    n.held.put(title, c);
    changed(node, title);
    events.add(new Event(now + p.titleSeconds() * 1000L, Kind.RECORDED, node, title));
  }

  private void recorded(long now, int node, int title) {
    Copy c = nodes[node].held.get(title);
    if (c != null && !c.complete) { // evicted meanwhile: nothing
      c.complete = true;
      changed(node, title);
    }
  }

  private void changed(int node, int title) {
    stateChanges++;
    nodes[node].changedSinceScan.add(title);
  }

  /** The value a node's entry for {@code title} has now (-1: none). */
  private static long entryValue(Node n, int title) {
    Copy c = n.held.get(title);
    return c == null ? -1 : (c.lastAccessMillis / STEP_MILLIS) * 2 + (c.complete ? 1 : 0);
  }

  /** One publishing round of {@code node}: the catalog seen at most every scan interval, differences written, at most MAX_WRITES. */
  private void round(long now, int node) {
    Node n = nodes[node];
    if (now - n.lastScanMillis >= SCAN_MILLIS) {
      n.lastScanMillis = now;
      for (int title : n.changedSinceScan) {
        long value = entryValue(n, title);
        Long had = n.written.get(title);
        if ((had == null && value == -1) || (had != null && had == value)) {
          n.toWrite.remove(title); // changed and changed back between scans: nothing to write
        } else {
          n.toWrite.put(title, value);
        }
      }
      n.changedSinceScan.clear();
    }
    int budget = MAX_WRITES;
    var it = n.toWrite.entrySet().iterator();
    while (budget > 0 && it.hasNext()) {
      var w = it.next();
      it.remove();
      budget--;
      write(now, node, w.getKey(), w.getValue());
    }
    maxWritesInRound = Math.max(maxWritesInRound, MAX_WRITES - budget);
  }

  private void write(long now, int node, int title, long value) {
    Node n = nodes[node];
    int second = (int) Math.min(now / 1000, writesPerSecond.length - 1);
    writesPerSecond[second]++;
    writesTotal++;
    Map<Integer, Long> holders = registry.computeIfAbsent(title, k -> new HashMap<>());
    if (value == -1) {
      holders.remove(node);
      n.written.remove(title);
      if (holders.isEmpty()) {
        registry.remove(title);
      }
    } else {
      holders.put(node, value);
      n.written.put(title, value);
    }
    // every node with a cached lookup of the title has a watch on its holder list and on each entry:
    // one event each (ZooKeeper sends a deleted entry's data watch and its parent's child watch: two)
    Set<Integer> w = watchers.remove(title);
    if (w != null) {
      watchEventsPerSecond[second] += (long) w.size() * (value == -1 ? 2 : 1);
    }
  }

  private Figures figures() {
    double seconds = p.seconds() - warmupSeconds;
    long writes = 0;
    long peakWrites = 0;
    long watch = 0;
    long peakWatch = 0;
    for (int s = warmupSeconds; s < p.seconds(); s++) {
      writes += writesPerSecond[s];
      peakWrites = Math.max(peakWrites, writesPerSecond[s]);
      watch += watchEventsPerSecond[s];
      peakWatch = Math.max(peakWatch, watchEventsPerSecond[s]);
    }
    long entries = registry.values().stream().mapToLong(Map::size).sum();
    boolean matches = true;
    for (int i = 0; i < nodes.length && matches; i++) {
      for (Map.Entry<Integer, Copy> h : nodes[i].held.entrySet()) {
        Long v = registry.getOrDefault(h.getKey(), Map.of()).get(i);
        matches &= v != null && v == entryValue(nodes[i], h.getKey());
      }
    }
    matches &= entries == java.util.Arrays.stream(nodes).mapToLong(n -> n.held.size()).sum();
    int[] live = liveSessions();
    return new Figures(p, warmupSeconds, writes / seconds, peakWrites, watch / seconds, peakWatch, reads / seconds,
        requests / seconds, redirected / (double) Math.max(1, requests), fromOrigin / (double) Math.max(1, requests), hops.clone(),
        maxWritesInRound, entries, matches, stateChanges, writesTotal, live[0], live[1]);
  }

  /** Origin sessions for live channels with Zipf-popular viewers on uniformly random nodes: one per node and channel with viewers. */
  private int[] liveSessions() {
    if (p.liveChannels() == 0) {
      return new int[] {0, 0};
    }
    double[] cdf = zipfCdf(p.liveChannels(), 1.0);
    List<Set<Integer>> nodesOf = new ArrayList<>();
    for (int c = 0; c < p.liveChannels(); c++) {
      nodesOf.add(new HashSet<>());
    }
    for (int v = 0; v < p.liveViewers(); v++) {
      int i = java.util.Arrays.binarySearch(cdf, random.nextDouble());
      nodesOf.get(Math.min(i < 0 ? -i - 1 : i, p.liveChannels() - 1)).add(random.nextInt(p.nodes()));
    }
    return new int[] {nodesOf.get(0).size(), nodesOf.stream().mapToInt(Set::size).sum()};
  }

  /** The figures as README lines. */
  static String describe(Figures f) {
    Params p = f.params();
    long served = java.util.Arrays.stream(f.hops()).sum();
    StringBuilder hopText = new StringBuilder();
    for (int h = 0; h < f.hops().length; h++) {
      if (f.hops()[h] > 0) {
        hopText.append(hopText.isEmpty() ? "" : ", ").append(h).append(h == f.hops().length - 1 ? "+" : "").append(" hop(s) ")
            .append(String.format(java.util.Locale.ROOT, "%.3f%%", 100.0 * f.hops()[h] / served));
      }
    }
    return String.format(java.util.Locale.ROOT,
        "%,d nodes, %,d titles (Zipf %.2f), %d zones, %,d titles per node, %d s titles, %.2f requests/s per node, %d s (first %d s not counted), holders read per lookup: %s%n"
            + "  registry writes: %,.0f/s mean, %,d peak second; largest round of one node: %d writes (cap %d)%n"
            + "  watch events: %,.0f/s mean, %,d peak second; registry reads (lookups not cached): %,.0f/s%n"
            + "  requests: %,.0f/s; redirected %.1f%%, from the origin %.1f%%; hops: %s%n"
            + "  registry entries at the end: %,d (matches what the nodes hold: %s); state changes %,d, writes %,d%n"
            + "  live: %,d viewers on %d channels: origin sessions for the top channel %,d (one per node with a viewer of it), all channels %,d",
        p.nodes(), p.titles(), p.zipfExponent(), p.zones(), p.titlesPerNode(), p.titleSeconds(), p.requestsPerNodePerSecond(), p.seconds(),
        f.warmupSeconds(), p.holdersReadPerLookup() == 0 ? "all" : p.holdersReadPerLookup(), f.writesPerSecond(), f.peakWritesInASecond(), f.maxWritesOfANodeInARound(), MAX_WRITES, f.watchEventsPerSecond(),
        f.peakWatchEventsInASecond(), f.readsPerSecond(), f.requestsPerSecond(), 100 * f.redirectedShare(), 100 * f.originShare(), hopText,
        f.registryEntries(), f.registryMatchesHoldings(), f.stateChanges(), f.writesTotal(), p.liveViewers(), p.liveChannels(),
        f.originSessionsTopLiveChannel(), f.originSessionsAllLive());
  }
}
