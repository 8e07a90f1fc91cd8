package org.seamcache.proxy.cluster;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * The leader's decision that node {@code to} relays the live stream {@code key} for node {@code
 * from}: {@code to} pulls it from {@code from} (one upstream session for the cluster), and {@code
 * from} sends its new viewers of it to {@code to}, until the leader removes it. Immutable.
 *
 * @param key the content key (the origin URL)
 * @param routeName the route the stream came through on {@code from}, or null (URL-prefix form)
 * @param from the node that feeds the relay (and redirects to it)
 * @param to the node that relays
 * @param sinceMillis when the leader assigned it (epoch ms): it is not released before a few rounds
 * @param reason why, in words (the counts the leader saw)
 */
public record RelayAssignment(String key, String routeName, NodeInfo from, NodeInfo to, long sinceMillis, String reason) {

  /** Whether this is the same relay as {@code o} (the same stream, feeding and relaying node). */
  boolean sameRelay(RelayAssignment o) {
    return key.equals(o.key) && from.id().equals(o.from.id()) && to.id().equals(o.to.id());
  }

  byte[] encode() {
    Map<String, String> f = new HashMap<>(Map.of("key", key,
        "from", from.id(), "from-url", from.url().toString(), "from-zone", from.zone(),
        "to", to.id(), "to-url", to.url().toString(), "to-zone", to.zone(),
        "since", Long.toString(sinceMillis), "reason", reason));
    if (routeName != null) {
      f.put("route", routeName);
    }
    return EntryText.encode(f);
  }

  static RelayAssignment decode(byte[] data) {
    Map<String, String> f = EntryText.decode(data);
    try {
      return new RelayAssignment(EntryText.required(f, "key"), f.get("route"),
          new NodeInfo(EntryText.required(f, "from"), URI.create(EntryText.required(f, "from-url")), f.getOrDefault("from-zone", "")),
          new NodeInfo(EntryText.required(f, "to"), URI.create(EntryText.required(f, "to-url")), f.getOrDefault("to-zone", "")),
          Long.parseLong(f.getOrDefault("since", "0")), f.getOrDefault("reason", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("registry entry with a bad number: " + e.getMessage());
    }
  }
}
