package org.seamcache.proxy.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The relay leader's decisions from hand-made pictures of the registry. */
class RelayPlannerTest {
  private static final String KEY = "rtsp://origin.example:554/live";
  private static final RelayThresholds T = new RelayThresholds(2, 1);
  private static final NodeInfo A = node("a", "z1");
  private static final NodeInfo B = node("b", "z2");
  private static final NodeInfo C = node("c", "z1");
  private static final NodeInfo D = node("d", "z1");
  private static final long HOLD = 5000;
  private final RelayPlanner planner = new RelayPlanner(HOLD);

  private static NodeInfo node(String id, String zone) {
    return new NodeInfo(id, URI.create("rtsp://" + id + ".example:8554"), zone);
  }

  private static Map<String, NodeInfo> members(NodeInfo... n) {
    return java.util.Arrays.stream(n).collect(java.util.stream.Collectors.toMap(NodeInfo::id, x -> x));
  }

  private static LiveHolding live(NodeInfo n, String key, int viewers) {
    return new LiveHolding(key, n, null, viewers, T);
  }

  @Test
  void aStreamPastItsThresholdGetsTheLeastLoadedNodeOfItsZone() {
    var decisions = planner.plan(new RelayPlanner.Picture(members(A, B, C, D),
        List.of(live(A, KEY, 3), new LiveHolding("rtsp://origin.example:554/other", C, null, 5, RelayThresholds.OFF)), List.of(), 100_000));
    assertThat(decisions).hasSize(1).first().isInstanceOf(RelayPlanner.Assign.class);
    RelayAssignment a = decisions.get(0).assignment();
    assertThat(a.from().id()).isEqualTo("a");
    assertThat(a.to().id()).as("z1 first; d has no viewers, c has 5").isEqualTo("d");
    assertThat(a.sinceMillis()).isEqualTo(100_000);
    assertThat(a.reason()).contains("a has 3 viewers (relay-above 2)").contains("d: same zone, 0 viewers");
  }

  @Test
  void aNodesOwnViewerCountWhereItPublishedOneWeighsItsLoad() {
    // d carries no live stream but serves 40 viewers from its disk: c (5 live viewers) is less loaded
    var decisions = planner.plan(new RelayPlanner.Picture(members(A, B, C, D), Map.of("d", 40, "c", 5),
        List.of(live(A, KEY, 3), new LiveHolding("rtsp://origin.example:554/other", C, null, 5, RelayThresholds.OFF)), List.of(), 0));
    assertThat(decisions).hasSize(1);
    assertThat(decisions.get(0).assignment().to().id()).isEqualTo("c");
    assertThat(decisions.get(0).assignment().reason()).endsWith("c: same zone, 5 viewers");
  }

  @Test
  void atTheThresholdNothingIsAssignedNorToANodeThatCarriesTheStream() {
    assertThat(planner.plan(new RelayPlanner.Picture(members(A, B), List.of(live(A, KEY, 2)), List.of(), 0))).isEmpty();
    assertThat(planner.plan(new RelayPlanner.Picture(members(A, B), List.of(live(A, KEY, 9), live(B, KEY, 9)), List.of(), 0)))
        .as("b carries it already (from the origin), a has nobody else").isEmpty();
    assertThat(planner.plan(new RelayPlanner.Picture(members(A, B), List.of(new LiveHolding(KEY, A, null, 9, RelayThresholds.OFF)), List.of(), 0)))
        .as("relays off").isEmpty();
  }

  @Test
  void aStreamThatFeedsARelayGetsNoSecondOneButTheRelayMayGetItsOwn() {
    RelayAssignment ab = new RelayAssignment(KEY, null, A, B, 0, "");
    var decisions = planner.plan(new RelayPlanner.Picture(members(A, B, C), List.of(live(A, KEY, 5), live(B, KEY, 4)), List.of(ab), 1000));
    assertThat(decisions).hasSize(1);
    assertThat(decisions.get(0).assignment().from().id()).isEqualTo("b");
    assertThat(decisions.get(0).assignment().to().id()).isEqualTo("c");
  }

  @Test
  void aRelayUnderItsLowerThresholdIsReleasedAfterTheHoldOnlyWhileItsFeederIsNotOverItsOwn() {
    RelayAssignment ab = new RelayAssignment(KEY, null, A, B, 10_000, "");
    // young: held, though nobody watches on b yet
    assertThat(planner.plan(new RelayPlanner.Picture(members(A, B), List.of(live(A, KEY, 1), live(B, KEY, 0)), List.of(ab), 12_000))).isEmpty();
    // b still has a viewer: stays
    assertThat(planner.plan(new RelayPlanner.Picture(members(A, B), List.of(live(A, KEY, 1), live(B, KEY, 1)), List.of(ab), 20_000))).isEmpty();
    // a has 3 of its own (b, without viewers, does not play it): releasing would assign again at once
    assertThat(planner.plan(new RelayPlanner.Picture(members(A, B), List.of(live(A, KEY, 3), live(B, KEY, 0)), List.of(ab), 20_000))).isEmpty();
    var released = planner.plan(new RelayPlanner.Picture(members(A, B), List.of(live(A, KEY, 1), live(B, KEY, 0)), List.of(ab), 20_000));
    assertThat(released).hasSize(1).first().isInstanceOf(RelayPlanner.Release.class);
    assertThat(((RelayPlanner.Release) released.get(0)).why()).isEqualTo("b has 0 viewers (relay-below 1), a 1 of its own");
    // under a relay-below of 3, b's 2 viewers are under it, and its pull is one of a's 3: a has 2 of its own
    RelayThresholds three = new RelayThresholds(4, 3);
    var under = planner.plan(new RelayPlanner.Picture(members(A, B),
        List.of(new LiveHolding(KEY, A, null, 3, three), new LiveHolding(KEY, B, null, 2, three)), List.of(ab), 20_000));
    assertThat(((RelayPlanner.Release) under.get(0)).why()).isEqualTo("b has 2 viewers (relay-below 3), a 2 of its own");
  }

  @Test
  void aRelayWhoseNodeLeftIsReleasedAtOnce() {
    RelayAssignment ab = new RelayAssignment(KEY, null, A, B, 10_000, "");
    var gone = planner.plan(new RelayPlanner.Picture(members(A, C), List.of(live(A, KEY, 5)), List.of(ab), 10_001));
    assertThat(gone).hasSize(2);
    assertThat(((RelayPlanner.Release) gone.get(0)).why()).isEqualTo("relay node b left the cluster");
    assertThat(gone.get(1).assignment().to().id()).as("and a gets another relay in the same round").isEqualTo("c");
    var feederGone = planner.plan(new RelayPlanner.Picture(members(B), List.of(live(B, KEY, 5)), List.of(ab), 10_001));
    assertThat(feederGone).hasSize(1);
    assertThat(((RelayPlanner.Release) feederGone.get(0)).why()).isEqualTo("feeding node a left the cluster");
  }

  @Test
  void entriesReadBackAsWritten() {
    LiveHolding l = new LiveHolding(KEY, A, "r", 7, T);
    assertThat(LiveHolding.decode(l.encode())).isEqualTo(l);
    RelayAssignment a = new RelayAssignment(KEY, "r", A, B, 123, "a has 3 viewers");
    assertThat(RelayAssignment.decode(a.encode())).isEqualTo(a);
    RelayAssignment byUrl = new RelayAssignment(KEY, null, A, B, 123, "");
    assertThat(RelayAssignment.decode(byUrl.encode())).isEqualTo(byUrl);
  }

  @Test
  void viewerCountsAreWrittenAtOnceAcrossAThresholdAndOtherwiseAtMostOncePerStep() {
    ViewerCountThrottle t = new ViewerCountThrottle();
    RelayThresholds ten = new RelayThresholds(10, 5);
    assertThat(t.toPublish(KEY, 6, ten, 0)).isEqualTo(6);
    assertThat(t.toPublish(KEY, 7, ten, 1_000_000_000L)).as("same band, within the step").isEqualTo(6);
    assertThat(t.toPublish(KEY, 11, ten, 2_000_000_000L)).as("past relay-above: at once").isEqualTo(11);
    assertThat(t.toPublish(KEY, 15, ten, 3_000_000_000L)).isEqualTo(11);
    assertThat(t.toPublish(KEY, 15, ten, 2_000_000_000L + ViewerCountThrottle.COUNT_STEP_NANOS)).as("a step later").isEqualTo(15);
    assertThat(t.toPublish(KEY, 4, ten, 13_000_000_000L)).as("under relay-below: at once").isEqualTo(4);
  }
}
