package org.seamcache.proxy.cluster;

import java.util.Locale;

/** What a node does with a stored title it does not hold but a sibling holds complete. */
public enum SiblingPolicy {
  /** Answer RTSP 302 with the sibling's URL for the title. */
  REDIRECT,
  /** Ignore siblings: fetch from the origin as a lone node would. */
  ORIGIN;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** {@code redirect} or {@code origin}; anything else fails with the accepted values. */
  public static SiblingPolicy parse(String text) {
    for (SiblingPolicy p : values()) {
      if (p.label().equals(text.trim().toLowerCase(Locale.ROOT))) {
        return p;
      }
    }
    throw new IllegalArgumentException("'" + text + "' is not a sibling policy (redirect or origin)");
  }
}
