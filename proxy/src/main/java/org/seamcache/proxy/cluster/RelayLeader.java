package org.seamcache.proxy.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.LeaderLatchListener;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes part in the election of the relay leader (Curator's {@link LeaderLatch}: the engine picks
 * one node; when it dies, its session ends and the next takes over) and, while leading, decides
 * the relays each {@link #round()} with a {@link RelayPlanner}, writing and removing the
 * assignments. The leader reads the registry through {@link CuratorCache}s of members, live streams
 * and assignments (reads on change only, not per round), opened when it gains the lead and closed
 * when it loses it. Rounds run on the cluster's scheduler thread; the latch's callbacks on
 * Curator's, so the caches are swapped under this object's lock.
 */
final class RelayLeader implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RelayLeader.class);
  /** How often a follower reads who leads (for {@code /status}). */
  private static final long LEADER_READ_MILLIS = 5000;

  private final CuratorFramework zk;
  private final NodeInfo self;
  private final RelayPlanner planner;
  private final LongSupplier epochMillis;
  private final LeaderLatch latch;
  private final AtomicLong decisions = new AtomicLong();
  private Caches caches;
  /** Written or removed by this leader, until its caches show it (they follow the engine a moment later). */
  private final Map<String, RelayAssignment> written = new HashMap<>();
  private final Map<String, RelayAssignment> removed = new HashMap<>();
  private volatile String leaderId = "";
  private long leaderReadAt = -LEADER_READ_MILLIS;

  RelayLeader(CuratorFramework zk, NodeInfo self, RelayPlanner planner, LongSupplier epochMillis) {
    this.zk = zk;
    this.self = self;
    this.planner = planner;
    this.epochMillis = epochMillis;
    this.latch = new LeaderLatch(zk, RegistryPaths.LEADER, self.id());
    latch.addListener(new LeaderLatchListener() {
      @Override
      public void isLeader() {
        lead();
      }

      @Override
      public void notLeader() {
        follow();
      }
    });
  }

  void start() throws Exception {
    latch.start();
  }

  private synchronized void lead() {
    log.info("cluster: node {} leads the relays now", self.id());
    leaderId = self.id();
    if (caches == null) {
      caches = new Caches(zk);
    }
  }

  private synchronized void follow() {
    log.info("cluster: node {} no longer leads the relays", self.id());
    if (caches != null) {
      caches.close();
      caches = null;
    }
    written.clear();
    removed.clear();
  }

  /** One round: while leading and the caches are filled, plan and apply. Never throws. */
  synchronized void round() {
    try {
      long now = epochMillis.getAsLong();
      if (!latch.hasLeadership()) {
        if (now - leaderReadAt >= LEADER_READ_MILLIS && zk.getZookeeperClient().isConnected()) {
          leaderReadAt = now;
          var leader = latch.getLeader();
          leaderId = leader.isLeader() ? leader.getId() : "";
        }
        return;
      }
      leaderId = self.id();
      if (caches == null || !caches.ready()) {
        return;
      }
      for (RelayPlanner.Decision d : planner.plan(picture(now))) {
        apply(d);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // closing
    } catch (Exception e) {
      log.warn("cluster: relay round failed ({}: {}); trying again next round", e.getClass().getSimpleName(), e.getMessage());
    }
  }

  private RelayPlanner.Picture picture(long now) {
    Map<String, NodeInfo> members = new HashMap<>();
    Map<String, Integer> viewers = new HashMap<>();
    for (ChildData d : caches.nodes.stream().toList()) {
      if (d.getPath().startsWith(RegistryPaths.NODES + "/") && d.getData() != null) {
        readable(() -> NodeInfo.decode(d.getData())).ifPresent(n -> {
          members.put(n.id(), n);
          readable(() -> Integer.valueOf(EntryText.decode(d.getData()).get("viewers"))).ifPresent(v -> viewers.put(n.id(), v));
        });
      }
    }
    List<LiveHolding> live = new ArrayList<>();
    for (ChildData d : caches.live.stream().toList()) {
      if (d.getPath().split("/").length == 5 && d.getData() != null) { // /seamcache/live/HASH/NODE
        readable(() -> LiveHolding.decode(d.getData())).ifPresent(live::add);
      }
    }
    Map<String, RelayAssignment> assignments = new LinkedHashMap<>();
    for (ChildData d : caches.relays.stream().toList()) {
      if (d.getPath().split("/").length == 5 && d.getData() != null) { // /seamcache/relays/NODE/pull.HASH or redirect.HASH
        readable(() -> RelayAssignment.decode(d.getData())).ifPresent(a -> assignments.put(RegistryPaths.relayPull(a), a));
      }
    }
    written.keySet().removeIf(assignments::containsKey);
    removed.keySet().removeIf(p -> !assignments.containsKey(p));
    assignments.putAll(written);
    assignments.keySet().removeAll(removed.keySet());
    return new RelayPlanner.Picture(members, viewers, live, List.copyOf(assignments.values()), now);
  }

  private void apply(RelayPlanner.Decision d) throws Exception {
    RelayAssignment a = d.assignment();
    decisions.incrementAndGet();
    if (d instanceof RelayPlanner.Assign) {
        byte[] data = a.encode();
        zk.createContainers(RegistryPaths.relaysOf(a.to().id()));
        zk.createContainers(RegistryPaths.relaysOf(a.from().id()));
        try {
          zk.transaction().forOperations(
              zk.transactionOp().create().withMode(CreateMode.PERSISTENT).forPath(RegistryPaths.relayPull(a), data),
              zk.transactionOp().create().withMode(CreateMode.PERSISTENT).forPath(RegistryPaths.relayRedirect(a), data));
        } catch (KeeperException.NodeExistsException e) {
          // half of an older assignment (its leader died between two writes): cleared, assigned again next round
          deleteQuietly(RegistryPaths.relayPull(a));
          deleteQuietly(RegistryPaths.relayRedirect(a));
          return;
        }
        written.put(RegistryPaths.relayPull(a), a);
        log.info("cluster: relay assigned by leader {}: {} pulls {} from {} and takes its new viewers ({})", self.id(), a.to().id(),
            a.key(), a.from().id(), a.reason());
    } else if (d instanceof RelayPlanner.Release release) {
        deleteQuietly(RegistryPaths.relayPull(a));
        deleteQuietly(RegistryPaths.relayRedirect(a));
        removed.put(RegistryPaths.relayPull(a), a);
        written.remove(RegistryPaths.relayPull(a));
        log.info("cluster: relay released by leader {}: {} ceases to relay {} for {} ({})", self.id(), a.to().id(), a.key(), a.from().id(),
            release.why());
    }
  }

  private void deleteQuietly(String path) throws Exception {
    try {
      zk.delete().forPath(path);
    } catch (KeeperException.NoNodeException e) {
      // gone already
    }
  }

  private static <T> java.util.Optional<T> readable(java.util.function.Supplier<T> decode) {
    try {
      return java.util.Optional.of(decode.get());
    } catch (IllegalArgumentException e) {
      return java.util.Optional.empty(); // an entry we cannot read decides nothing
    }
  }

  /** The leading node's id as last seen ("" when unknown). */
  String leaderId() {
    return leaderId;
  }

  boolean leading() {
    return latch.hasLeadership();
  }

  /** Assignments written or removed while this node led. */
  long decisions() {
    return decisions.get();
  }

  @Override
  public synchronized void close() {
    try {
      latch.close();
    } catch (Exception e) {
      // the session ends with the client anyway
    }
    if (caches != null) {
      caches.close();
      caches = null;
    }
  }

  /** The leader's mirrors of the registry; ready once each has read its tree. */
  private static final class Caches {
    final CuratorCache nodes;
    final CuratorCache live;
    final CuratorCache relays;
    private final java.util.concurrent.atomic.AtomicInteger filled = new java.util.concurrent.atomic.AtomicInteger();

    Caches(CuratorFramework zk) {
      nodes = started(zk, RegistryPaths.NODES);
      live = started(zk, RegistryPaths.LIVE);
      relays = started(zk, RegistryPaths.RELAYS);
    }

    private CuratorCache started(CuratorFramework zk, String path) {
      CuratorCache c = CuratorCache.build(zk, path);
      c.listenable().addListener(CuratorCacheListener.builder().forInitialized(filled::incrementAndGet).build());
      c.start();
      return c;
    }

    boolean ready() {
      return filled.get() == 3;
    }

    void close() {
      nodes.close();
      live.close();
      relays.close();
    }
  }
}
