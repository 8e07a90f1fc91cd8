package org.seamcache.proxy.cluster;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The relay leader's decisions (`003`), from one picture of the registry: a live stream whose
 * viewers on a node pass that node's {@code relay-above}, and which that node feeds to no relay
 * yet, gets another node assigned (one that does not carry the stream yet: its own zone first, then
 * the fewest viewers, then the fewest relays); an assignment whose relay node's viewers
 * fell under its {@code relay-below} (while the feeding node is not over its threshold itself,
 * else it would be assigned again at once) is released after {@link #holdMillis} (the relay's
 * first viewers need a moment to arrive), and at once when either node left the cluster.
 * Stateless: each round plans from what it is shown.
 */
final class RelayPlanner {
  /**
   * What the registry holds now; {@code viewers}: each member's viewers as its membership entry
   * says (stored and live; a member without one is counted by its live streams' viewers).
   */
  record Picture(Map<String, NodeInfo> members, Map<String, Integer> viewers, List<LiveHolding> live, List<RelayAssignment> assignments,
      long nowMillis) {
    Picture(Map<String, NodeInfo> members, List<LiveHolding> live, List<RelayAssignment> assignments, long nowMillis) {
      this(members, Map.of(), live, assignments, nowMillis);
    }
  }

  /** One decision, and why (for the log and {@code /status}). */
  sealed interface Decision permits Assign, Release {
    RelayAssignment assignment();
  }

  record Assign(RelayAssignment assignment) implements Decision {}

  record Release(RelayAssignment assignment, String why) implements Decision {}

  private final long holdMillis;

  RelayPlanner(long holdMillis) {
    this.holdMillis = holdMillis;
  }

  List<Decision> plan(Picture p) {
    Map<String, LiveHolding> liveByKeyAndNode = new HashMap<>();
    Map<String, Integer> load = new HashMap<>();
    Map<String, Integer> relaysOn = new HashMap<>();
    for (LiveHolding l : p.live()) {
      liveByKeyAndNode.put(l.key() + "\n" + l.node().id(), l);
      load.merge(l.node().id(), l.viewers(), Integer::sum);
    }
    load.putAll(p.viewers()); // a node's own count covers its stored titles' viewers too
    List<Decision> out = new ArrayList<>();
    Set<String> feeding = new HashSet<>(); // key + from: streams that feed a relay already
    Set<String> carrying = new HashSet<>(); // key + node: nodes that have the stream or are assigned it
    p.live().forEach(l -> carrying.add(l.key() + "\n" + l.node().id()));
    for (RelayAssignment a : p.assignments()) {
      relaysOn.merge(a.to().id(), 1, Integer::sum);
      carrying.add(a.key() + "\n" + a.to().id());
      Optional<String> release = releaseReason(a, p, liveByKeyAndNode);
      if (release.isPresent()) {
        out.add(new Release(a, release.get()));
      } else {
        feeding.add(a.key() + "\n" + a.from().id());
      }
    }
    for (LiveHolding l : p.live()) {
      RelayThresholds t = l.thresholds();
      if (!t.on() || l.viewers() <= t.above() || feeding.contains(l.key() + "\n" + l.node().id())
          || !p.members().containsKey(l.node().id())) {
        continue;
      }
      Optional<NodeInfo> to = p.members().values().stream()
          .filter(n -> !carrying.contains(l.key() + "\n" + n.id()))
          .min(Comparator.comparing((NodeInfo n) -> !n.zone().equals(l.node().zone()))
              .thenComparing(n -> load.getOrDefault(n.id(), 0))
              .thenComparing(n -> relaysOn.getOrDefault(n.id(), 0))
              .thenComparing(NodeInfo::id));
      if (to.isEmpty()) {
        continue; // every node carries it already
      }
      NodeInfo b = to.get();
      String why = l.node().id() + " has " + l.viewers() + " viewers (relay-above " + t.above() + "); " + b.id() + ": "
          + (b.zone().equals(l.node().zone()) ? "same zone, " : "other zone, ") + load.getOrDefault(b.id(), 0) + " viewers";
      out.add(new Assign(new RelayAssignment(l.key(), l.routeName(), l.node(), b, p.nowMillis(), why)));
      carrying.add(l.key() + "\n" + b.id());
      feeding.add(l.key() + "\n" + l.node().id());
      relaysOn.merge(b.id(), 1, Integer::sum);
    }
    return out;
  }

  private Optional<String> releaseReason(RelayAssignment a, Picture p, Map<String, LiveHolding> live) {
    if (!p.members().containsKey(a.to().id())) {
      return Optional.of("relay node " + a.to().id() + " left the cluster");
    }
    if (!p.members().containsKey(a.from().id())) {
      return Optional.of("feeding node " + a.from().id() + " left the cluster");
    }
    if (p.nowMillis() - a.sinceMillis() < holdMillis) {
      return Optional.empty();
    }
    LiveHolding on = live.get(a.key() + "\n" + a.to().id());
    LiveHolding feeder = live.get(a.key() + "\n" + a.from().id());
    int relayViewers = on == null ? 0 : on.viewers();
    // the relay's pull is one of the feeder's viewers once the relay plays it (with its first viewer)
    int feederOwn = feeder == null ? 0 : Math.max(0, feeder.viewers() - (relayViewers > 0 ? 1 : 0));
    RelayThresholds t = on != null ? on.thresholds() : feeder != null ? feeder.thresholds() : RelayThresholds.OFF;
    RelayThresholds ft = feeder != null ? feeder.thresholds() : t;
    if (t.on() && relayViewers >= t.below()) {
      return Optional.empty();
    }
    if (ft.on() && feederOwn > ft.above()) {
      return Optional.empty(); // the feeder would need a relay again at once
    }
    return Optional.of(a.to().id() + " has " + relayViewers + " viewers (relay-below " + t.below() + "), " + a.from().id() + " "
        + feederOwn + " of its own");
  }
}
