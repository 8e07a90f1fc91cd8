package org.seamcache.proxy.cluster;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The registry's layout in ZooKeeper, under {@code /seamcache}:
 *
 * <pre>
 * /seamcache/nodes/NODE                 ephemeral: NodeInfo
 * /seamcache/titles/KEYHASH/NODE        ephemeral: TitleHolding (NODE holds the title)
 * /seamcache/live/KEYHASH/NODE          ephemeral: the live stream NODE relays (LiveHolding: its viewers)
 * /seamcache/leader/...                 the relay leader's election (Curator's LeaderLatch)
 * /seamcache/relays/NODE/pull.KEYHASH     persistent: NODE pulls the stream from another node (RelayAssignment)
 * /seamcache/relays/NODE/redirect.KEYHASH persistent: NODE sends new viewers of the stream to its relay
 * </pre>
 *
 * Every entry but the relay assignments is ephemeral, so it vanishes with its node's session; the
 * assignments are the leader's, written and removed by whichever node leads, so they outlive a
 * leader that dies (the next one releases those whose nodes are gone). A title's holders are one
 * directory (one read and one watch to find them); KEYHASH is the first 128 bits of the SHA-256 of
 * the content key in hex (URLs hold '/', which ZooKeeper paths cannot). Directories are container
 * nodes: ZooKeeper removes them once empty. Stateless.
 */
final class RegistryPaths {
  static final String ROOT = "/seamcache";
  static final String NODES = ROOT + "/nodes";
  static final String TITLES = ROOT + "/titles";
  static final String LIVE = ROOT + "/live";
  static final String LEADER = ROOT + "/leader";
  static final String RELAYS = ROOT + "/relays";

  private RegistryPaths() {}

  static String node(String nodeId) {
    return NODES + "/" + nodeId;
  }

  static String titleHolders(String key) {
    return TITLES + "/" + hash(key);
  }

  static String title(String key, String nodeId) {
    return titleHolders(key) + "/" + nodeId;
  }

  static String live(String key, String nodeId) {
    return liveCarriers(key) + "/" + nodeId;
  }

  /** The nodes carrying a live stream: one directory. */
  static String liveCarriers(String key) {
    return LIVE + "/" + hash(key);
  }

  /** The relay assignments of one node: what it pulls, and where it redirects. */
  static String relaysOf(String nodeId) {
    return RELAYS + "/" + nodeId;
  }

  /** {@code a.to()} pulls the stream from {@code a.from()}. */
  static String relayPull(RelayAssignment a) {
    return relaysOf(a.to().id()) + "/pull." + hash(a.key());
  }

  /** {@code a.from()} redirects new viewers of the stream to {@code a.to()}. */
  static String relayRedirect(RelayAssignment a) {
    return relaysOf(a.from().id()) + "/redirect." + hash(a.key());
  }

  static String hash(String key) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
