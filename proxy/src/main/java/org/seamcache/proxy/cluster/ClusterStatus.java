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
 */
public record ClusterStatus(String mode, String nodeId, boolean connected, boolean inStep, long writes, long redirects, long siblingFetches) {
  public static final ClusterStatus STANDALONE = new ClusterStatus("standalone", "", false, true, 0, 0, 0);
}
