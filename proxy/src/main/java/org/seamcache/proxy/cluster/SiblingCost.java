package org.seamcache.proxy.cluster;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which sibling a viewer is sent to, or a title fetched from (`004`: cost-based source choice),
 * among those holding it complete (a partial copy cannot serve the whole title without the origin,
 * so it is no source): the cheapest by the sibling's viewers now (as it last published them), plus
 * {@link #OTHER_ZONE_VIEWERS} when it is in another zone than this node; ties go to the node id. So
 * a nearby sibling is preferred until it is busier by that many viewers than a distant one.
 * Stateless.
 */
final class SiblingCost {
  /** What a sibling in another zone costs more than one in this node's zone, in viewers. */
  static final int OTHER_ZONE_VIEWERS = 50;

  private SiblingCost() {}

  /** The cheapest complete copy not on {@code self}; {@code viewers}: each node's viewers (absent: 0). */
  static Optional<TitleHolding> cheapest(List<TitleHolding> holders, NodeInfo self, Map<String, Integer> viewers) {
    return holders.stream()
        .filter(TitleHolding::complete)
        .filter(h -> !h.node().id().equals(self.id()))
        .min(Comparator.comparingLong((TitleHolding h) -> cost(h, self, viewers.getOrDefault(h.node().id(), 0)))
            .thenComparing(h -> h.node().id()));
  }

  /**
   * The sibling a node without a live stream pulls it from: one not past its relay threshold first
   * (pulls come through a proxy and are never redirected, so this bounds a carrier's pulls), in this
   * node's zone, nearest the origin (so feeds form a shallow tree, not a chain of the newest
   * carriers), with the fewest viewers; ties by node id.
   */
  static Optional<LiveHolding> carrier(List<LiveHolding> carriers, NodeInfo self) {
    return carriers.stream()
        .filter(l -> !l.node().id().equals(self.id()))
        .min(Comparator.comparing(LiveHolding::full)
            .thenComparing((LiveHolding l) -> !l.node().zone().equals(self.zone()))
            .thenComparingInt(LiveHolding::depth)
            .thenComparingInt(LiveHolding::viewers)
            .thenComparing(l -> l.node().id()));
  }

  static long cost(TitleHolding h, NodeInfo self, int viewers) {
    return (long) viewers + (h.node().zone().equals(self.zone()) ? 0 : OTHER_ZONE_VIEWERS);
  }
}
