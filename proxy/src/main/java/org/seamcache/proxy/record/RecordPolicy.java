package org.seamcache.proxy.record;

import java.util.Locale;

/** Which relayed contents are recorded: {@code all} (default), {@code none}, or only configured {@code routes}. */
public enum RecordPolicy {
  ALL,
  NONE,
  ROUTES;

  public static RecordPolicy parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("record policy must be all, none or routes, not '" + text + "'");
    }
  }
}
