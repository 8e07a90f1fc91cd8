package org.seamcache.proxy.cluster;

import java.net.URI;
import java.util.Map;

/** A member of the cluster as the registry shows it. Immutable. */
public record NodeInfo(String id, URI url, String zone) {

  byte[] encode() {
    return EntryText.encode(Map.of("id", id, "url", url.toString(), "zone", zone));
  }

  static NodeInfo decode(byte[] data) {
    Map<String, String> f = EntryText.decode(data);
    return new NodeInfo(EntryText.required(f, "id"), URI.create(EntryText.required(f, "url")), f.getOrDefault("zone", ""));
  }
}
