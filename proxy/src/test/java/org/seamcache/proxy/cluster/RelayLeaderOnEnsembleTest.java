package org.seamcache.proxy.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The relay leader on a real three-member ZooKeeper ensemble, with nodes whose live viewer counts
 * the test sets: w joins first and leads (in a zone of its own); once x, y and z joined, x reports
 * three viewers of a stream (relay-above 2), and w assigns y (x's zone); w leaves, another node takes the lead, and the assignment stands; x's
 * viewers gone, the new leader releases y, which is told to cease.
 */
class RelayLeaderOnEnsembleTest {
  private static final String KEY = "rtsp://origin.example:554/channel";
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

  private static ClusterSettings node(String id, String zone) {
    return new ClusterSettings(ensemble.connectString(), id, URI.create("rtsp://127.0.0.1:1" + id.length() + "554"), zone,
        Duration.ofSeconds(2), Duration.ofMillis(200), SiblingPolicy.REDIRECT, Map.of()).withRelays(new RelayThresholds(2, 1), Map.of());
  }

  /** What a node's relay assignments told it, in order: "assigned KEY from NODE" / "released ...". */
  private static Cluster.RelayPulls recording(List<String> told) {
    return new Cluster.RelayPulls() {
      @Override
      public void assigned(RelayAssignment a) {
        told.add("assigned " + a.key() + " from " + a.from().id());
      }

      @Override
      public void released(RelayAssignment a) {
        told.add("released " + a.key() + " from " + a.from().id());
      }
    };
  }

  @Test
  void anAssignmentOutlivesItsLeaderAndTheNextLeaderReleasesIt() {
    AtomicInteger viewersOnX = new AtomicInteger(0);
    List<String> toldY = new CopyOnWriteArrayList<>();
    List<String> toldZ = new CopyOnWriteArrayList<>();
    try (ZooKeeperCluster w = ZooKeeperCluster.join(node("w", "z9"), null, List::of)) {
      await().atMost(Duration.ofSeconds(20)).until(() -> w.status().leader().equals("w"));
      try (ZooKeeperCluster x = ZooKeeperCluster.join(node("x", "z1"), null, () -> List.of(new LiveViewers(KEY, null, viewersOnX.get())));
          ZooKeeperCluster y = ZooKeeperCluster.join(node("y", "z1"), null, List::of);
          ZooKeeperCluster z = ZooKeeperCluster.join(node("z", "z2"), null, List::of)) {
        y.onRelayPulls(recording(toldY));
        z.onRelayPulls(recording(toldZ));
        await().atMost(Duration.ofSeconds(20)).until(() -> ensemble.children(RegistryPaths.NODES).size() == 4);
        viewersOnX.set(3);
        await().atMost(Duration.ofSeconds(20)).until(() -> y.relayPullOf(KEY).isPresent() && x.relayRedirectOf(KEY).isPresent());
        RelayAssignment assigned = y.relayPullOf(KEY).get();
        assertThat(assigned.from().id()).isEqualTo("x");
        assertThat(x.relayRedirectOf(KEY).get().to().id()).isEqualTo("y");
        assertThat(toldY).containsExactly("assigned " + KEY + " from x");
        assertThat(w.status().relayDecisions()).isEqualTo(1);

        w.close(); // the leader leaves: its session ends, the next in line leads
        await().atMost(Duration.ofSeconds(20)).until(() -> List.of(x, y, z).stream().anyMatch(n -> n.status().leader().equals(n.status().nodeId())));
        ZooKeeperCluster next = List.of(x, y, z).stream().filter(n -> n.status().leader().equals(n.status().nodeId())).findFirst().orElseThrow();
        // the new leader reads the assignment and keeps it: x still has 3 viewers
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> y.relayPullOf(KEY).equals(java.util.Optional.of(assigned)));
        assertThat(next.status().relayDecisions()).as("the new leader changed nothing").isZero();
        assertThat(toldZ).isEmpty();

        viewersOnX.set(1); // x's viewers left (1: y's pull); y never had one: released after its hold
        await().atMost(Duration.ofSeconds(20)).until(() -> y.relayPullOf(KEY).isEmpty() && x.relayRedirectOf(KEY).isEmpty());
        await().atMost(Duration.ofSeconds(5)).until(() -> toldY.size() == 2);
        assertThat(toldY).containsExactly("assigned " + KEY + " from x", "released " + KEY + " from x");
        assertThat(next.status().relayDecisions()).isEqualTo(1);
        assertThat(ensemble.children(RegistryPaths.relaysOf("y"))).isEmpty();
      }
    }
  }
}
