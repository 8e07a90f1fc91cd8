/**
 * Many nodes as one cache: membership and a location registry on ZooKeeper (see the README's
 * "Cluster" section for why ZooKeeper), and the lookups that let a node redirect a viewer to a
 * sibling holding a complete copy ({@link org.seamcache.proxy.cluster.SiblingPolicy#REDIRECT}) or
 * fetch the title from it ({@link org.seamcache.proxy.cluster.SiblingPolicy#FETCH}), either way
 * with a node-to-node token ({@link org.seamcache.proxy.server.ClusterTokens}) when the cluster has
 * a secret; and the load-triggered relays of live streams: a leader elected through the engine
 * ({@code RelayLeader}) assigns a relay node to a stream with too many
 * viewers on one node, which pulls the stream from that node and takes its new viewers. A node
 * started without {@code --cluster} is {@link
 * org.seamcache.proxy.cluster.Cluster#standalone() standalone}: no engine, nothing changes.
 */
package org.seamcache.proxy.cluster;
