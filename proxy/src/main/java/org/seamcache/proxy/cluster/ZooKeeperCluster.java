package org.seamcache.proxy.cluster;

import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.RetryNTimes;
import org.seamcache.storage.Storage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node in a ZooKeeper-coordinated cluster. Starting never waits for the engine: a node whose
 * engine is away serves what it holds and sends nobody to siblings; once connected, its publisher
 * writes its entries (again, after a new session). Thread-safe.
 */
public final class ZooKeeperCluster implements Cluster {
  private static final Logger log = LoggerFactory.getLogger(ZooKeeperCluster.class);
  /** Registry writes per publishing round at most (a node with many titles fills in over a few rounds). */
  static final int MAX_WRITES_PER_ROUND = 500;

  private final ClusterSettings settings;
  private final NodeInfo self;
  private final CuratorFramework zk;
  private final ScheduledExecutorService publishing;
  private final ExecutorService reads;
  private final RegistryPublisher publisher;
  private final SiblingLocations locations;
  private final RelayLeader leader;
  private final RelayAssignments relays;
  private final AtomicLong redirects = new AtomicLong();
  private final AtomicLong siblingFetches = new AtomicLong();
  private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

  private ZooKeeperCluster(ClusterSettings settings, Storage storage, Supplier<Collection<LiveViewers>> live, java.util.function.IntSupplier viewers) {
    this.settings = settings;
    this.self = new NodeInfo(settings.nodeId(), settings.nodeUrl(), settings.zone());
    int sessionMillis = (int) settings.sessionTimeout().toMillis();
    this.zk = CuratorFrameworkFactory.builder()
        .connectString(settings.connectString())
        .sessionTimeoutMs(sessionMillis)
        // an operation waits this long for a connection at most; the publisher and lookups skip while disconnected
        .connectionTimeoutMs(Math.min(sessionMillis, 2000))
        .retryPolicy(new RetryNTimes(1, 200))
        // the connect string is the operator's; following the ensemble's dynamic reconfiguration is not
        // needed, and its first read fails with a stack trace in the log when the engine is away at start
        .ensembleTracker(false)
        .build();
    this.publishing = Executors.newSingleThreadScheduledExecutor(daemon("seamcache-cluster-publish"));
    this.reads = Executors.newFixedThreadPool(2, daemon("seamcache-cluster-read"));
    this.publisher = new RegistryPublisher(zk, new LocalHoldings(self, storage, live, settings::relaysFor, viewers, System::nanoTime)::entries,
        MAX_WRITES_PER_ROUND);
    this.locations = new SiblingLocations(zk, reads);
    // a relay's first viewers need a few rounds to be redirected there and counted
    this.leader = new RelayLeader(zk, self, new RelayPlanner(RELAY_HOLD_ROUNDS * settings.publishInterval().toMillis()), System::currentTimeMillis);
    this.relays = new RelayAssignments(zk, self);
  }

  /** A relay is not released in its first this many publishing rounds. */
  static final int RELAY_HOLD_ROUNDS = 5;

  /**
   * Joins the cluster of {@code settings} (which must {@link ClusterSettings#joins() join} one),
   * publishing what {@code storage} holds and the live streams of {@code live} with their viewers;
   * taking part in the relay leader's election, and following its own relay assignments.
   */
  public static ZooKeeperCluster join(ClusterSettings settings, Storage storage, Supplier<Collection<LiveViewers>> live) {
    return join(settings, storage, live, () -> live.get().stream().mapToInt(LiveViewers::viewers).sum());
  }

  /** As above; {@code viewers}: this node's viewers now (published for siblings' choice of a source, see {@code SiblingCost}). */
  public static ZooKeeperCluster join(ClusterSettings settings, Storage storage, Supplier<Collection<LiveViewers>> live,
      java.util.function.IntSupplier viewers) {
    ZooKeeperCluster c = new ZooKeeperCluster(settings, storage, live, viewers);
    c.zk.getConnectionStateListenable().addListener((client, state) -> c.connectionChanged(state));
    c.zk.start();
    try {
      c.leader.start();
    } catch (Exception e) {
      throw new IllegalStateException("cannot take part in the relay leader's election: " + e.getMessage(), e);
    }
    c.relays.start();
    long every = settings.publishInterval().toMillis();
    c.publishing.scheduleWithFixedDelay(c.publisher::publishRound, 0, every, TimeUnit.MILLISECONDS);
    c.publishing.scheduleWithFixedDelay(c.leader::round, every, every, TimeUnit.MILLISECONDS);
    // a node that never reached its engine has no connection state to report: say so once
    c.publishing.schedule(() -> {
      if (!c.zk.getZookeeperClient().isConnected()) {
        log.warn("cluster: engine {} not reachable yet; serving what this node holds, no redirects until it is", settings.connectString());
      }
    }, settings.sessionTimeout().toMillis(), TimeUnit.MILLISECONDS);
    log.info("cluster: node {} ({}, zone '{}') joining {}", settings.nodeId(), settings.nodeUrl(), settings.zone(), settings.connectString());
    return c;
  }

  private void connectionChanged(ConnectionState state) {
    switch (state) {
      case CONNECTED, RECONNECTED -> log.info("cluster: engine connected ({})", state.name().toLowerCase());
      case SUSPENDED -> log.warn("cluster: engine unreachable; serving what this node holds, no redirects until it is back");
      case LOST -> log.warn("cluster: engine session lost; this node's entries are gone until it reconnects");
      default -> { }
    }
    locations.forgetAll(); // watches may have been missed while away
    if ((state == ConnectionState.CONNECTED || state == ConnectionState.RECONNECTED) && !closed.get()) {
      try {
        publishing.execute(publisher::publishRound); // at once, not at the next tick
      } catch (java.util.concurrent.RejectedExecutionException e) {
        // closing meanwhile
      }
    }
  }

  @Override
  public CompletableFuture<Optional<TitleHolding>> completeCopyElsewhere(String key) {
    if (ContentKeyText.isPrivate(key)) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    return locations.holdersOf(key).thenCompose(hs -> {
      // the candidates' viewers (a few reads at most: a lookup reads a sample of holders), then the cheapest
      java.util.Map<String, CompletableFuture<Integer>> viewers = new java.util.HashMap<>();
      hs.stream().filter(h -> h.complete() && !h.node().id().equals(self.id()))
          .forEach(h -> viewers.put(h.node().id(), locations.viewersOf(h.node().id())));
      return CompletableFuture.allOf(viewers.values().toArray(CompletableFuture[]::new)).thenApply(done -> {
        java.util.Map<String, Integer> counts = new java.util.HashMap<>();
        viewers.forEach((id, f) -> counts.put(id, f.join()));
        return SiblingCost.cheapest(hs, self, counts);
      });
    });
  }

  @Override
  public CompletableFuture<Optional<TitleHolding>> recordingElsewhere(String key) {
    if (ContentKeyText.isPrivate(key)) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    return locations.holdersOf(key).thenApply(hs -> hs.stream()
        .filter(h -> h.recording() && !h.node().id().equals(self.id()))
        .min(java.util.Comparator.comparing((TitleHolding h) -> !h.node().zone().equals(self.zone())).thenComparing(h -> h.node().id())));
  }

  @Override
  public boolean relays(String routeName) {
    return settings.relaysFor(routeName).on();
  }

  @Override
  public CompletableFuture<Optional<LiveHolding>> liveCarrierElsewhere(String key) {
    if (ContentKeyText.isPrivate(key)) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    return locations.liveCarriersOf(key).thenApply(ls -> SiblingCost.carrier(ls, self));
  }

  @Override
  public SiblingPolicy policyFor(String routeName) {
    return settings.policyFor(routeName);
  }

  @Override
  public String signedForSibling(String url) {
    return settings.tokens() == null ? url : settings.tokens().sign(url);
  }

  @Override
  public void redirected() {
    redirects.incrementAndGet();
  }

  @Override
  public void fetchedFromSibling() {
    siblingFetches.incrementAndGet();
  }

  @Override
  public Optional<RelayAssignment> relayPullOf(String key) {
    return relays.pullOf(key);
  }

  @Override
  public Optional<RelayAssignment> relayRedirectOf(String key) {
    return relays.redirectOf(key);
  }

  @Override
  public void onRelayPulls(RelayPulls l) {
    relays.listener(l);
  }

  @Override
  public ClusterStatus status() {
    return new ClusterStatus("zookeeper", self.id(), zk.getZookeeperClient().isConnected(), publisher.inStep(), publisher.writes(), redirects.get(),
        siblingFetches.get(), leader.leaderId(), leader.decisions(), relays.all());
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    publishing.shutdownNow();
    try {
      publishing.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    relays.close();
    leader.close(); // the next node takes the lead at once
    zk.close(); // ends the session: the engine drops this node's entries at once
    reads.shutdownNow();
    log.info("cluster: node {} left", self.id());
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
