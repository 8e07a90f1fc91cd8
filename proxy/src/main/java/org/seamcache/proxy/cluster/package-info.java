/**
 * Many nodes as one cache: membership and a location registry on ZooKeeper (see the README's
 * "Cluster" section for why ZooKeeper), and the lookups that let a node redirect a viewer to a
 * sibling holding a complete copy. A node started without {@code --cluster} is {@link
 * org.seamcache.proxy.cluster.Cluster#standalone() standalone}: no engine, nothing changes.
 */
package org.seamcache.proxy.cluster;
