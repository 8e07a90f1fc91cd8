package org.seamcache.proxy.report;

import java.util.Locale;

/**
 * One session served from the cache, as reported to the content's owner (seed: the proxy "will
 * report back to the content source any subsequent user downloads of that seamed stream"). The id
 * is stable across retries and restarts, so a receiver can drop a repeat. Immutable.
 *
 * @param contentUrl the origin URL, credentials removed
 * @param seconds media seconds the viewer was sent
 * @param bytes RTP bytes the viewer was sent
 */
public record ViewingReport(String id, String route, String contentUrl, String contentId, String viewer, long startMillis, long stopMillis,
    long bytes, double seconds) {

  /** The report as one JSON object (what the endpoint receives, and one journal line). */
  public String toJson() {
    return String.format(Locale.ROOT,
        "{\"id\":%s,\"route\":%s,\"content\":%s,\"contentId\":%s,\"viewer\":%s,\"start\":%d,\"stop\":%d,\"bytes\":%d,\"seconds\":%.3f}",
        quote(id), route == null ? "null" : quote(route), quote(contentUrl), quote(contentId), quote(viewer), startMillis, stopMillis, bytes,
        seconds);
  }

  private static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        default -> {
          if (c < 0x20) {
            b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
