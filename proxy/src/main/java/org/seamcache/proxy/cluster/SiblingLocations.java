package org.seamcache.proxy.cluster;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.ArrayList;
import com.github.benmanes.caffeine.cache.RemovalCause;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;

/**
 * Who holds a title, read from the registry once and then kept in a local Caffeine cache: each read
 * lists the title's holders and reads the entries of a random {@link #HOLDERS_READ_PER_LOOKUP} of
 * them (all, when they are no more), leaving a one-time ZooKeeper watch on the holder list and on each
 * entry read; any event of them (a holder came or went, a holder read changed state, the connection
 * dropped) drops the cached answer, so the next lookup reads again (another sample). Only titles asked for are watched. Thread-safe; loads run
 * on {@code reads}, never on the caller's thread.
 */
final class SiblingLocations {
  /** A lookup reads the entries of this many of a title's holders at most, chosen at random (see {@link HolderSample}). */
  static final int HOLDERS_READ_PER_LOOKUP = 16;

  private final CuratorFramework zk;
  private final AsyncLoadingCache<String, List<TitleHolding>> holders;
  /** The key of each holder directory looked up (ZooKeeper's events name paths, not keys). */
  private final Map<String, String> keyByDir = new ConcurrentHashMap<>();
  private final AsyncLoadingCache<String, Integer> nodeViewers;
  private final AsyncLoadingCache<String, List<LiveHolding>> liveCarriers;
  /** One watcher for every path: ZooKeeper keeps one registration per path and watcher, however often a title is read again. */
  private final Watcher changed = this::changed;

  SiblingLocations(CuratorFramework zk, Executor reads) {
    this.zk = zk;
    this.holders = Caffeine.newBuilder()
        .maximumSize(100_000)
        .expireAfterWrite(Duration.ofMinutes(10)) // a backstop: watches keep entries fresh
        .evictionListener((String key, List<TitleHolding> v, RemovalCause cause) -> keyByDir.remove(RegistryPaths.titleHolders(key)))
        .executor(reads)
        .buildAsync(this::load);
    this.nodeViewers = Caffeine.newBuilder()
        .maximumSize(100_000)
        .expireAfterWrite(NODE_VIEWERS_KEPT)
        .executor(reads)
        .buildAsync(this::readViewers);
    this.liveCarriers = Caffeine.newBuilder()
        .maximumSize(10_000)
        .expireAfterWrite(LIVE_CARRIERS_KEPT)
        .executor(reads)
        .buildAsync(this::readLive);
  }

  /** How long the nodes carrying a live stream are used before they are read again (their counts change often: no watches). */
  static final Duration LIVE_CARRIERS_KEPT = Duration.ofSeconds(2);

  /** The nodes carrying the live stream {@code key} now (a sample, as for titles); empty while the engine is away. */
  CompletableFuture<List<LiveHolding>> liveCarriersOf(String key) {
    if (!zk.getZookeeperClient().isConnected()) {
      return CompletableFuture.completedFuture(List.of());
    }
    return liveCarriers.get(ContentKeyText.normal(key)).exceptionally(e -> List.of());
  }

  private List<LiveHolding> readLive(String key) throws Exception {
    String dir = RegistryPaths.liveCarriers(key);
    List<String> nodes;
    try {
      nodes = zk.getChildren().forPath(dir);
    } catch (KeeperException.NoNodeException e) {
      return List.of();
    }
    List<LiveHolding> out = new ArrayList<>();
    for (String node : HolderSample.of(nodes, HOLDERS_READ_PER_LOOKUP, java.util.concurrent.ThreadLocalRandom.current())) {
      try {
        LiveHolding h = LiveHolding.decode(zk.getData().forPath(dir + "/" + node));
        if (h.key().equals(key)) {
          out.add(h);
        }
      } catch (KeeperException.NoNodeException | IllegalArgumentException e) {
        // gone meanwhile, or unreadable: no source
      }
    }
    return List.copyOf(out);
  }

  /** The holders of {@code key} (this node included, if it publishes one); empty while the engine is away. */
  CompletableFuture<List<TitleHolding>> holdersOf(String key) {
    if (!zk.getZookeeperClient().isConnected()) {
      return CompletableFuture.completedFuture(List.of());
    }
    return holders.get(ContentKeyText.normal(key)).exceptionally(e -> List.of());
  }

  /**
   * The viewers {@code nodeId} last published in its membership entry (0 when it published none or
   * the engine is away), read without a watch and kept {@link #NODE_VIEWERS_KEPT}: a busy node's
   * count changes at most every 10 s, a watch per sibling would cost an event for each change.
   */
  CompletableFuture<Integer> viewersOf(String nodeId) {
    if (!zk.getZookeeperClient().isConnected()) {
      return CompletableFuture.completedFuture(0);
    }
    return nodeViewers.get(nodeId).exceptionally(e -> 0);
  }

  /** How long a sibling's viewer count is used before it is read again. */
  static final Duration NODE_VIEWERS_KEPT = Duration.ofSeconds(10);

  private int readViewers(String nodeId) throws Exception {
    try {
      return Integer.parseInt(EntryText.decode(zk.getData().forPath(RegistryPaths.node(nodeId))).getOrDefault("viewers", "0"));
    } catch (KeeperException.NoNodeException | NumberFormatException e) {
      return 0;
    }
  }

  /** Drops every cached answer (the connection dropped: watches may have been missed). */
  void forgetAll() {
    holders.synchronous().invalidateAll();
  }

  private void changed(WatchedEvent event) {
    String path = event.getPath();
    if (path == null) {
      forgetAll(); // the connection's state changed
      return;
    }
    // the holder directory itself, or one holder's entry in it
    String dir = path.chars().filter(ch -> ch == '/').count() > 3 ? path.substring(0, path.lastIndexOf('/')) : path;
    String key = keyByDir.get(dir);
    if (key != null) {
      holders.synchronous().invalidate(key);
    }
  }

  private List<TitleHolding> load(String key) throws Exception {
    String dir = RegistryPaths.titleHolders(key);
    keyByDir.put(dir, key);
    List<String> nodes;
    try {
      nodes = zk.getChildren().usingWatcher(changed).forPath(dir);
    } catch (KeeperException.NoNodeException e) {
      if (zk.checkExists().usingWatcher(changed).forPath(dir) != null) {
        return load(key); // created between the two reads
      }
      return List.of();
    }
    List<TitleHolding> out = new ArrayList<>();
    for (String node : HolderSample.of(nodes, HOLDERS_READ_PER_LOOKUP, java.util.concurrent.ThreadLocalRandom.current())) {
      try {
        TitleHolding h = TitleHolding.decode(zk.getData().usingWatcher(changed).forPath(dir + "/" + node));
        if (h.key().equals(key)) { // the directory is named by a hash: check the key itself
          out.add(h);
        }
      } catch (KeeperException.NoNodeException e) {
        // its node left meanwhile
      } catch (IllegalArgumentException e) {
        // an entry we cannot read is no copy to send anyone to
      }
    }
    return List.copyOf(out);
  }
}
