package org.seamcache.proxy.cluster;

import java.util.Locale;

/** What a node does with a stored title it does not hold but a sibling holds complete. */
public enum SiblingPolicy {
  /** Answer RTSP 302 with the sibling's URL for the title. */
  REDIRECT,
  /**
   * Fetch it from the sibling: this node's upstream leg for the title is the sibling's RTSP URL (the
   * sibling serves it from its disk), recorded and seamed like a leg to the origin.
   */
  FETCH,
  /** Ignore siblings: fetch from the origin as a lone node would. */
  ORIGIN;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** {@code redirect}, {@code fetch} or {@code origin}; anything else fails with the accepted values. */
  public static SiblingPolicy parse(String text) {
    for (SiblingPolicy p : values()) {
      if (p.label().equals(text.trim().toLowerCase(Locale.ROOT))) {
        return p;
      }
    }
    throw new IllegalArgumentException("'" + text + "' is not a sibling policy (redirect, fetch or origin)");
  }
}
