package org.seamcache.storage;

import java.util.Locale;

/** Where a content's recording stands. */
public enum ContentState {
  /** A live writer is appending to it. */
  RECORDING,
  /** The recording ran to its end and its files are sound. */
  COMPLETE,
  /** The recording stopped early (writer died, disk, lag) or its files are damaged; keeps what it has. */
  INCOMPLETE;

  /** The lowercase name used in JSON and on disk. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  static ContentState ofLabel(String label) {
    return valueOf(label.toUpperCase(Locale.ROOT));
  }
}
