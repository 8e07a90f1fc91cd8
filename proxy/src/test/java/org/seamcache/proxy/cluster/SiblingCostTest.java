package org.seamcache.proxy.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The choice of a sibling to send a viewer to or fetch from: complete copies only, by viewers and zone. */
class SiblingCostTest {
  private static final String KEY = "rtsp://origin.example:554/films/a.mp4";
  private static final NodeInfo SELF = node("self", "z1");

  private static NodeInfo node(String id, String zone) {
    return new NodeInfo(id, URI.create("rtsp://" + id + ".example:8554"), zone);
  }

  private static TitleHolding complete(NodeInfo n) {
    return new TitleHolding(KEY, n, true, "", 100, 0);
  }

  private static String cheapest(List<TitleHolding> holders, Map<String, Integer> viewers) {
    return SiblingCost.cheapest(holders, SELF, viewers).map(h -> h.node().id()).orElse("none");
  }

  @Test
  void aNearSiblingIsPreferredUntilItIsBusierByTheZonesWorthOfViewers() {
    List<TitleHolding> holders = List.of(complete(node("far", "z2")), complete(node("near", "z1")));
    assertThat(cheapest(holders, Map.of())).isEqualTo("near");
    assertThat(cheapest(holders, Map.of("near", 49))).isEqualTo("near");
    assertThat(cheapest(holders, Map.of("near", SiblingCost.OTHER_ZONE_VIEWERS))).as("equal cost: by id").isEqualTo("far");
    assertThat(cheapest(holders, Map.of("near", 80, "far", 10))).isEqualTo("far");
    assertThat(cheapest(holders, Map.of("near", 80, "far", 31))).isEqualTo("near");
  }

  @Test
  void theLeastBusyOfOneZoneAndNeverAPartialCopyNorThisNode() {
    List<TitleHolding> holders = List.of(complete(node("b", "z1")), complete(node("a", "z1")), complete(SELF),
        new TitleHolding(KEY, node("idle", "z1"), false, "1 gap", 50, 0));
    assertThat(cheapest(holders, Map.of("a", 3, "b", 2, "idle", 0, "self", 0))).isEqualTo("b");
    assertThat(cheapest(holders, Map.of("a", 2, "b", 2))).as("ties: by id").isEqualTo("a");
    assertThat(cheapest(List.of(new TitleHolding(KEY, node("idle", "z1"), false, "1 gap", 50, 0), complete(SELF)), Map.of())).isEqualTo("none");
  }

  @Test
  void aLiveStreamIsPulledFromACarrierNotFullInThisZoneNearestTheOriginThenTheLeastWatched() {
    RelayThresholds t = new RelayThresholds(10, 5);
    String live = "rtsp://origin.example:554/live";
    LiveHolding first = new LiveHolding(live, node("first", "z1"), null, 8, t, 0);
    LiveHolding newest = new LiveHolding(live, node("newest", "z1"), null, 1, t, 3);
    LiveHolding far = new LiveHolding(live, node("far", "z2"), null, 0, t, 0);
    LiveHolding full = new LiveHolding(live, node("full", "z1"), null, 11, t, 0);
    LiveHolding own = new LiveHolding(live, SELF, null, 0, t, 0);
    assertThat(SiblingCost.carrier(List.of(newest, first, far, full, own), SELF).map(l -> l.node().id()))
        .as("nearest the origin beats fewest viewers: no chain of the newest carriers").contains("first");
    assertThat(SiblingCost.carrier(List.of(newest, far, full), SELF).map(l -> l.node().id())).contains("newest");
    assertThat(SiblingCost.carrier(List.of(far, full), SELF).map(l -> l.node().id())).as("a full one is the last resort").contains("far");
    assertThat(SiblingCost.carrier(List.of(full), SELF).map(l -> l.node().id())).contains("full");
    assertThat(SiblingCost.carrier(List.of(own), SELF)).isEmpty();
    assertThat(LiveHolding.decode(newest.encode())).isEqualTo(newest);
  }
}
