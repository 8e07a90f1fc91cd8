package org.seamcache.proxy.cluster;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this node's entries in the registry equal to what it holds. Each round compares what the
 * node has now with what it last wrote and writes only the differences, at most {@code
 * maxWritesPerRound} of them (the rest wait for the next round): a burst of changes costs one write
 * per entry per round, however many changes it had. A new engine session (the old one expired
 * while the engine was away) has none of the old ephemeral entries, so everything is written again.
 * Confined to the cluster's scheduler thread.
 */
final class RegistryPublisher {
  private static final Logger log = LoggerFactory.getLogger(RegistryPublisher.class);

  private final CuratorFramework zk;
  private final Supplier<Map<String, byte[]>> wanted;
  private final int maxWritesPerRound;
  private final Map<String, byte[]> written = new HashMap<>();
  private long writtenInSession;
  private final AtomicLong writes = new AtomicLong();
  private volatile boolean inStep;
  private String lastFailure = "";

  RegistryPublisher(CuratorFramework zk, Supplier<Map<String, byte[]>> wanted, int maxWritesPerRound) {
    this.zk = zk;
    this.wanted = wanted;
    this.maxWritesPerRound = maxWritesPerRound;
  }

  /** One round; never throws (a failed round is tried again by the next). */
  void publishRound() {
    try {
      if (!zk.getZookeeperClient().isConnected()) {
        inStep = false;
        return;
      }
      long session = zk.getZookeeperClient().getZooKeeper().getSessionId();
      if (session != writtenInSession) {
        if (writtenInSession != 0) {
          log.info("cluster: new engine session {}; publishing all {} entries again", Long.toHexString(session), written.size());
        }
        written.clear();
        writtenInSession = session;
      }
      int budget = maxWritesPerRound;
      Map<String, byte[]> now = wanted.get();
      for (Map.Entry<String, byte[]> e : now.entrySet()) {
        if (budget == 0) {
          break;
        }
        byte[] had = written.get(e.getKey());
        if (had == null || !Arrays.equals(had, e.getValue())) {
          put(e.getKey(), e.getValue(), session);
          written.put(e.getKey(), e.getValue());
          budget--;
        }
      }
      for (Iterator<String> it = written.keySet().iterator(); it.hasNext() && budget > 0; ) {
        String path = it.next();
        if (!now.containsKey(path)) {
          delete(path);
          it.remove();
          budget--;
        }
      }
      inStep = budget > 0;
      lastFailure = "";
    } catch (Exception e) {
      inStep = false;
      String why = e.getClass().getSimpleName() + ": " + e.getMessage();
      if (!why.equals(lastFailure)) { // once per kind of failure, not once per round
        log.warn("cluster: publishing to the registry failed ({}); retrying every round", why);
        lastFailure = why;
      }
    }
  }

  /** Whether the last round wrote everything the node holds. */
  boolean inStep() {
    return inStep;
  }

  /** Writes made since start (creates, updates, deletes). */
  long writes() {
    return writes.get();
  }

  private void put(String path, byte[] data, long session) throws Exception {
    writes.incrementAndGet();
    try {
      zk.create().creatingParentContainersIfNeeded().withMode(CreateMode.EPHEMERAL).forPath(path, data);
    } catch (KeeperException.NodeExistsException e) {
      Stat stat = zk.checkExists().forPath(path);
      if (stat == null) {
        put(path, data, session); // vanished meanwhile
      } else if (stat.getEphemeralOwner() == session) {
        zk.setData().withVersion(stat.getVersion()).forPath(path, data);
      } else {
        // left by this node's previous session, which the engine has not expired yet
        zk.delete().withVersion(stat.getVersion()).forPath(path);
        zk.create().creatingParentContainersIfNeeded().withMode(CreateMode.EPHEMERAL).forPath(path, data);
      }
    }
  }

  private void delete(String path) throws Exception {
    writes.incrementAndGet();
    try {
      zk.delete().forPath(path);
    } catch (KeeperException.NoNodeException e) {
      // gone already
    }
  }
}
