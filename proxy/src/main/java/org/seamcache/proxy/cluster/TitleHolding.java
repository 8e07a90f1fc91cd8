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
 * @param recording the node is recording it now (not complete yet: it is coming there; its size is
 *     published as 0 until it ends, a growing size would cost a write per catalog scan)
 */
public record TitleHolding(String key, NodeInfo node, boolean complete, String gaps, long sizeBytes, long lastAccessMillis, boolean recording) {

  public TitleHolding {
    if (complete && recording) {
      throw new IllegalArgumentException("a copy being recorded is not complete yet");
    }
  }

  /** A copy not being recorded now: complete or partial. */
  public TitleHolding(String key, NodeInfo node, boolean complete, String gaps, long sizeBytes, long lastAccessMillis) {
    this(key, node, complete, gaps, sizeBytes, lastAccessMillis, false);
  }

  /** {@code complete}, {@code recording} or {@code partial}, as published. */
  public String state() {
    return complete ? "complete" : recording ? "recording" : "partial";
  }

  byte[] encode() {
    return EntryText.encode(Map.of(
        "key", key, "node", node.id(), "url", node.url().toString(), "zone", node.zone(),
        "state", state(), "gaps", gaps, "size", Long.toString(sizeBytes), "last-access", Long.toString(lastAccessMillis)));
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
          Long.parseLong(f.getOrDefault("last-access", "0")),
          "recording".equals(f.get("state")));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("registry entry with a bad number: " + e.getMessage());
    }
  }
}
