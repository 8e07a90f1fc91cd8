package org.seamcache.proxy.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The registry on a real three-member ZooKeeper ensemble: two nodes (in this JVM, each with its own
 * engine session) publish membership and live streams; entries appear, change, vanish with the
 * node that leaves, and come back after the whole engine was stopped and started again.
 */
class RegistryOnEnsembleTest {
  private static ZooKeeperEnsemble ensemble;

  @BeforeAll
  static void startEnsemble() throws Exception {
    ensemble = ZooKeeperEnsemble.start();
  }

  @AfterAll
  static void stopEnsemble() throws Exception {
    if (ensemble != null) {
      ensemble.close();
    }
  }

  private static ClusterSettings node(String id) {
    return new ClusterSettings(ensemble.connectString(), id, URI.create("rtsp://127.0.0.1:1" + id.length() + "554"), "z1",
        Duration.ofSeconds(2), Duration.ofMillis(200), SiblingPolicy.REDIRECT, Map.of());
  }

  @Test
  void membersAndLiveStreamsAppearChangeAndVanishWithTheirNode() {
    Map<String, Boolean> liveOnA = new ConcurrentHashMap<>();
    liveOnA.put("rtsp://origin.example:554/live", true);
    try (ZooKeeperCluster a = ZooKeeperCluster.join(node("a"), null,
        () -> liveOnA.keySet().stream().map(k -> new LiveViewers(k, null, 1)).toList());
        ZooKeeperCluster b = ZooKeeperCluster.join(node("bb"), null, List::of)) {
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(ensemble.children(RegistryPaths.NODES)).containsExactlyInAnyOrder("a", "bb"));
      assertThat(ensemble.entry(RegistryPaths.node("bb"))).contains("url=rtsp\\://127.0.0.1\\:12554").contains("zone=z1");
      String live = RegistryPaths.live("rtsp://origin.example:554/live", "a");
      await().atMost(Duration.ofSeconds(10)).until(() -> ensemble.entry(live).contains("node=a"));
      assertThat(ensemble.entry(live)).as("the stream's viewers, for the relay leader").contains("viewers=1");
      await().atMost(Duration.ofSeconds(10)).until(() -> ensemble.entry(RegistryPaths.node("a")).contains("viewers=1")); // for siblings' choice

      liveOnA.clear(); // the stream ended: its entry goes with the next round
      await().atMost(Duration.ofSeconds(10)).until(() -> ensemble.entry(live).isEmpty());
      long writes = a.status().writes();
      await().atMost(Duration.ofSeconds(5)).until(() -> a.status().inStep());
      assertThat(a.status().writes()).as("nothing changed: nothing written").isEqualTo(writes);

      a.close(); // leaving ends the session: gone at once, not after the timeout
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(ensemble.children(RegistryPaths.NODES)).containsExactly("bb"));
    }
  }

  @Test
  void aCachedAnswerFollowsTheRegistryThroughItsWatches() throws Exception {
    String key = "rtsp://origin.example:554/films/watched.mp4";
    NodeInfo y = new NodeInfo("y", URI.create("rtsp://127.0.0.1:20554"), "z1");
    String path = RegistryPaths.title(key, "y");
    try (ZooKeeperCluster x = ZooKeeperCluster.join(node("x"), null, List::of);
        org.apache.curator.framework.CuratorFramework writer = org.apache.curator.framework.CuratorFrameworkFactory.newClient(
            ensemble.connectString(), new org.apache.curator.retry.RetryNTimes(3, 200))) {
      writer.start();
      await().atMost(Duration.ofSeconds(20)).until(() -> x.status().connected());
      assertThat(x.completeCopyElsewhere(key).get(5, TimeUnit.SECONDS)).isEmpty(); // "nobody": cached, and watched

      writer.create().creatingParentContainersIfNeeded().withMode(org.apache.zookeeper.CreateMode.EPHEMERAL)
          .forPath(path, new TitleHolding(key, y, false, "1 gap", 10, 0).encode());
      writer.setData().forPath(path, new TitleHolding(key, y, true, "", 12, 0).encode());
      await().atMost(Duration.ofSeconds(10)).until(() -> x.completeCopyElsewhere(key).get(5, TimeUnit.SECONDS).map(h -> h.node().id()).orElse(""),
          id -> id.equals("y"));

      writer.delete().forPath(path);
      await().atMost(Duration.ofSeconds(10)).until(() -> x.completeCopyElsewhere(key).get(5, TimeUnit.SECONDS).isEmpty());
    }
  }

  @Test
  void aNodeWithoutItsEngineAnswersAtOnceAndRejoinsWhenTheEngineIsBack() throws Exception {
    try (ZooKeeperCluster c = ZooKeeperCluster.join(node("ccc"), null, List::of)) {
      await().atMost(Duration.ofSeconds(20)).until(() -> ensemble.children(RegistryPaths.NODES).contains("ccc"));

      ensemble.stopAll();
      await().atMost(Duration.ofSeconds(10)).until(() -> !c.status().connected());
      CompletableFuture<?> lookup = c.completeCopyElsewhere("rtsp://origin.example:554/vod");
      assertThat(lookup.get(100, TimeUnit.MILLISECONDS)).as("no engine: nobody to send a viewer to, said at once").isEqualTo(java.util.Optional.empty());

      ensemble.restartAll();
      await().atMost(Duration.ofSeconds(30)).until(() -> c.status().connected() && ensemble.children(RegistryPaths.NODES).contains("ccc"));
      assertThat(ensemble.entry(RegistryPaths.node("ccc"))).contains("id=ccc");
    }
  }
}
