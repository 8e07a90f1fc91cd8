package org.seamcache.proxy.cluster;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;
import org.apache.zookeeper.KeeperException;

/**
 * A real three-member ZooKeeper ensemble on loopback (Curator's {@link TestingCluster}: the
 * ZooKeeper server itself, in this JVM, with its own data directories), and a client of its own to
 * look at the registry as any node would. Its tick is short so sessions may be short.
 */
public final class ZooKeeperEnsemble implements AutoCloseable {
  /** The ensemble's tick: sessions may last 2-20 ticks. */
  public static final int TICK_MILLIS = 250;

  private final List<InstanceSpec> specs = new ArrayList<>();
  private final TestingCluster cluster;
  private final CuratorFramework observer;

  private ZooKeeperEnsemble(int tickMillis) throws Exception {
    for (int id = 1; id <= 3; id++) {
      specs.add(new InstanceSpec(Files.createTempDirectory("seamcache-zk").toFile(), InstanceSpec.getRandomPort(), InstanceSpec.getRandomPort(),
          InstanceSpec.getRandomPort(), true, id, tickMillis, -1, Map.of(), "127.0.0.1"));
    }
    cluster = new TestingCluster(specs);
    cluster.start();
    observer = CuratorFrameworkFactory.builder().connectString(connectString()).sessionTimeoutMs(5000).connectionTimeoutMs(2000)
        .retryPolicy(new RetryNTimes(3, 200)).build();
    observer.start();
  }

  public static ZooKeeperEnsemble start() throws Exception {
    return new ZooKeeperEnsemble(TICK_MILLIS);
  }

  /** With ZooKeeper's own tick (Debian's zookeeperd: 2000 ms), sessions 2-20 of them. */
  public static ZooKeeperEnsemble withTick(int tickMillis) throws Exception {
    return new ZooKeeperEnsemble(tickMillis);
  }

  public String connectString() {
    return cluster.getConnectString();
  }

  /** The children of {@code path} as the registry holds them now (empty when it does not exist or the ensemble is down). */
  public List<String> children(String path) {
    try {
      return observer.getChildren().forPath(path);
    } catch (KeeperException.NoNodeException e) {
      return List.of();
    } catch (Exception e) {
      throw new IllegalStateException("cannot read " + path + ": " + e, e);
    }
  }

  /** The entry at {@code path} as text ("" when absent). */
  public String entry(String path) {
    try {
      return new String(observer.getData().forPath(path), java.nio.charset.StandardCharsets.UTF_8);
    } catch (KeeperException.NoNodeException e) {
      return "";
    } catch (Exception e) {
      throw new IllegalStateException("cannot read " + path + ": " + e, e);
    }
  }

  /** The session that owns the ephemeral entry at {@code path} (0 when absent). */
  public long owner(String path) {
    try {
      org.apache.zookeeper.data.Stat st = observer.checkExists().forPath(path);
      return st == null ? 0 : st.getEphemeralOwner();
    } catch (Exception e) {
      throw new IllegalStateException("cannot read " + path + ": " + e, e);
    }
  }

  /** Every member stopped: the engine is gone. */
  public void stopAll() throws Exception {
    for (InstanceSpec s : specs) {
      cluster.killServer(s);
    }
  }

  /** Every member started again on its own port and data. */
  public void restartAll() throws Exception {
    for (InstanceSpec s : specs) {
      cluster.restartServer(s);
    }
  }

  @Override
  public void close() throws Exception {
    observer.close();
    cluster.close();
  }
}
