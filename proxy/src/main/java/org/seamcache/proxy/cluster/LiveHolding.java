package org.seamcache.proxy.cluster;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * One node's running live stream, as published in the registry: what the leader decides relays
 * by. Immutable.
 *
 * @param key the content key (the origin URL)
 * @param node the node that relays it to viewers
 * @param routeName the route it came through on that node, or null (its relay's pull and redirects use that route)
 * @param viewers its viewers there, as last published (see {@code ViewerCountThrottle})
 * @param thresholds that node's relay thresholds for it
 * @param depth how many nodes its feed passes before that node (0: from the origin)
 */
public record LiveHolding(String key, NodeInfo node, String routeName, int viewers, RelayThresholds thresholds, int depth) {

  public LiveHolding(String key, NodeInfo node, String routeName, int viewers, RelayThresholds thresholds) {
    this(key, node, routeName, viewers, thresholds, 0);
  }

  /** Whether it has more viewers than its relay threshold (a sibling pulling it should look elsewhere first). */
  boolean full() {
    return thresholds.on() && viewers > thresholds.above();
  }

  byte[] encode() {
    Map<String, String> f = new HashMap<>(Map.of("key", key, "node", node.id(), "url", node.url().toString(), "zone", node.zone(),
        "viewers", Integer.toString(viewers), "relay-above", Integer.toString(thresholds.above()), "relay-below", Integer.toString(thresholds.below()), "depth", Integer.toString(depth)));
    if (routeName != null) {
      f.put("route", routeName);
    }
    return EntryText.encode(f);
  }

  static LiveHolding decode(byte[] data) {
    Map<String, String> f = EntryText.decode(data);
    try {
      return new LiveHolding(
          EntryText.required(f, "key"),
          new NodeInfo(EntryText.required(f, "node"), URI.create(EntryText.required(f, "url")), f.getOrDefault("zone", "")),
          f.get("route"),
          Integer.parseInt(f.getOrDefault("viewers", "0")),
          new RelayThresholds(Integer.parseInt(f.getOrDefault("relay-above", "0")), Integer.parseInt(f.getOrDefault("relay-below", "0"))),
          Integer.parseInt(f.getOrDefault("depth", "0")));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("registry entry with a bad number: " + e.getMessage());
    }
  }
}
