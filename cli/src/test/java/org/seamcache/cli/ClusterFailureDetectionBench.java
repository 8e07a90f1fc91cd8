package org.seamcache.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.seamcache.cli.logging.ServeJvm;
import org.seamcache.proxy.cluster.ZooKeeperEnsemble;

/**
 * Benchmark, not a test (runs only with {@code -Dseamcache.bench=true}): how long a node's entry
 * outlives the node after {@code kill -9} with the shipped settings: {@code cluster-session-seconds=6}
 * on an ensemble with Debian zookeeperd's tick of 2000 ms. Three kills; prints each.
 *
 * <pre>./mvnw -B -ntp -pl cli -am test -Dtest=ClusterFailureDetectionBench -Dsurefire.failIfNoSpecifiedTests=false -Dseamcache.bench=true</pre>
 */
@EnabledIfSystemProperty(named = "seamcache.bench", matches = "true")
class ClusterFailureDetectionBench {

  @Test
  void entriesVanishAfterKillWithTheDefaultSession() throws Exception {
    List<Double> gone = new ArrayList<>();
    try (ZooKeeperEnsemble ensemble = ZooKeeperEnsemble.withTick(2000)) {
      for (int run = 1; run <= 3; run++) {
        Path data = Files.createTempDirectory("seamcache-bench");
        String id = "n" + run;
        try (ServeJvm node = ServeJvm.start("serve", "--bind", "127.0.0.1", "--rtsp-port", "0", "--admin-port", "-1", "--data-dir", data.toString(),
            "--record", "none", "--cluster", ensemble.connectString(), "--node-id", id)) {
          node.rtspPort();
          await().atMost(Duration.ofSeconds(30)).until(() -> ensemble.children("/seamcache/nodes").contains(id));
          // a while joined, so the kill lands anywhere between two of its pings
          await().pollDelay(Duration.ofMillis(1500 + 700L * run)).until(() -> true);
          long killed = System.nanoTime();
          node.kill();
          await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> !ensemble.children("/seamcache/nodes").contains(id));
          gone.add((System.nanoTime() - killed) / 1e9);
        }
      }
    }
    System.out.printf("cluster: entries gone after kill -9 at cluster-session-seconds=6, tick 2000 ms: %s s%n", gone);
    assertThat(gone).allMatch(s -> s < 12);
  }
}
