package org.seamcache.proxy.cluster;

/**
 * The cluster part of {@code /status}. Immutable.
 *
 * @param mode {@code standalone} or {@code zookeeper}
 * @param nodeId this node's id ("" standalone)
 * @param connected whether the engine is reachable now
 * @param inStep whether the registry holds everything this node holds (as of the last round)
 * @param writes registry writes made since start
 * @param redirects viewers sent to siblings since start
 * @param siblingFetches upstream legs opened to a sibling instead of the origin since start
 * @param leader the node that leads the relays, as last seen ("" unknown or standalone)
 * @param relayDecisions relays assigned and released while this node led
 * @param relays this node's relay assignments now: those it pulls, and those it redirects to
 */
public record ClusterStatus(String mode, String nodeId, boolean connected, boolean inStep, long writes, long redirects, long siblingFetches,
    String leader, long relayDecisions, java.util.List<RelayAssignment> relays) {
  public static final ClusterStatus STANDALONE = new ClusterStatus("standalone", "", false, true, 0, 0, 0);

  public ClusterStatus {
    relays = java.util.List.copyOf(relays);
  }

  /** Without relays. */
  public ClusterStatus(String mode, String nodeId, boolean connected, boolean inStep, long writes, long redirects, long siblingFetches) {
    this(mode, nodeId, connected, inStep, writes, redirects, siblingFetches, "", 0, java.util.List.of());
  }
}
