package org.seamcache.proxy.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;
import org.apache.zookeeper.CreateMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Benchmark, not a test (runs only with {@code -Dseamcache.bench=true}): how many registry writes
 * per second the three-member in-process ensemble takes here, one client creating ephemeral
 * entries of the registry's size, one at a time and then 100 in flight; a sanity figure beside the
 * simulation's demand (README "Cluster"). Bounded: 2,000 writes each way, 60 s at most.
 *
 * <pre>./mvnw -B -ntp -pl proxy -am test -Dtest=RegistryWriteRateBench -Dsurefire.failIfNoSpecifiedTests=false -Dseamcache.bench=true</pre>
 */
@EnabledIfSystemProperty(named = "seamcache.bench", matches = "true")
class RegistryWriteRateBench {
  private static final int WRITES = 2_000;
  private static final byte[] ENTRY = ("key=rtsp\\://origin.example.net\\:554/vod/title-0000001\nnode=edge-0001\nurl=rtsp\\://edge-0001:554\n"
      + "zone=rack-01\nstate=complete\ngaps=\nsize=1234567890\nlast-access=1800000000000\n").getBytes(StandardCharsets.UTF_8);

  @Test
  void writesPerSecondOnTheTestEnsemble() throws Exception {
    try (ZooKeeperEnsemble ensemble = ZooKeeperEnsemble.start();
        CuratorFramework zk = CuratorFrameworkFactory.builder().connectString(ensemble.connectString()).sessionTimeoutMs(10_000)
            .connectionTimeoutMs(5_000).retryPolicy(new RetryNTimes(3, 200)).build()) {
      zk.start();
      assertThat(zk.blockUntilConnected(30, TimeUnit.SECONDS)).isTrue();
      zk.create().creatingParentContainersIfNeeded().forPath("/bench/a");
      zk.create().creatingParentContainersIfNeeded().forPath("/bench/b");

      long start = System.nanoTime();
      for (int i = 0; i < WRITES && System.nanoTime() - start < 30e9; i++) {
        zk.create().withMode(CreateMode.EPHEMERAL).forPath("/bench/a/" + i, ENTRY);
      }
      double oneAtATime = zk.getChildren().forPath("/bench/a").size() / ((System.nanoTime() - start) / 1e9);

      Semaphore inFlight = new Semaphore(100);
      AtomicInteger done = new AtomicInteger();
      start = System.nanoTime();
      for (int i = 0; i < WRITES && System.nanoTime() - start < 30e9; i++) {
        if (!inFlight.tryAcquire(10, TimeUnit.SECONDS)) {
          break;
        }
        zk.create().withMode(CreateMode.EPHEMERAL).inBackground((client, event) -> {
          done.incrementAndGet();
          inFlight.release();
        }).forPath("/bench/b/" + i, ENTRY);
      }
      assertThat(inFlight.tryAcquire(100, 30, TimeUnit.SECONDS)).isTrue();
      double pipelined = done.get() / ((System.nanoTime() - start) / 1e9);
      System.out.printf(java.util.Locale.ROOT,
          "registry write rate (3-member TestingCluster in this JVM, %d-byte entries): %.0f/s one at a time, %.0f/s with 100 in flight%n",
          ENTRY.length, oneAtATime, pipelined);
      assertThat(done.get()).isEqualTo(WRITES);
    }
  }
}
