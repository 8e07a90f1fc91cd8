package org.seamcache.proxy.cluster;

import java.net.URI;
import java.util.Map;

/**
 * One node's copy of one stored title, as published in the registry. Immutable.
 *
 * @param key the content key (the origin URL; private titles are never published)
 * @param node the node that holds it
 * @param complete whether the copy is gap-free over the whole title (else partial)
 * @param gaps what the copy still misses, in words ("" when complete)
 * @param sizeBytes what it takes on the node's disk
 * @param lastAccessMillis last recording or read, to 10 minutes (finer would cost a write per viewer)
 */
public record TitleHolding(String key, NodeInfo node, boolean complete, String gaps, long sizeBytes, long lastAccessMillis) {

  byte[] encode() {
    return EntryText.encode(Map.of(
        "key", key, "node", node.id(), "url", node.url().toString(), "zone", node.zone(),
        "state", complete ? "complete" : "partial", "gaps", gaps, "size", Long.toString(sizeBytes), "last-access", Long.toString(lastAccessMillis)));
  }

  static TitleHolding decode(byte[] data) {
    Map<String, String> f = EntryText.decode(data);
    try {
      return new TitleHolding(
          EntryText.required(f, "key"),
          new NodeInfo(EntryText.required(f, "node"), URI.create(EntryText.required(f, "url")), f.getOrDefault("zone", "")),
          "complete".equals(f.get("state")),
          f.getOrDefault("gaps", ""),
          Long.parseLong(f.getOrDefault("size", "0")),
          Long.parseLong(f.getOrDefault("last-access", "0")));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("registry entry with a bad number: " + e.getMessage());
    }
  }
}
