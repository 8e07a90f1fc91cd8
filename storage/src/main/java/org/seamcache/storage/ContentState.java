package org.seamcache.storage;

import java.util.Locale;

/** Where a content's recording stands (decided by {@link StateRule} when a run ends). */
public enum ContentState {
  /** A live writer is appending to it. */
  RECORDING,
  /**
   * The run ended normally and its files are sound, but it has gaps or does not hold all of the
   * content: a track has gaps the seamer could not fill, a track got no packets, stored content is
   * covered for less than its duration (the SDP's {@code a=range}), or the relay ended it early.
   */
  PARTIAL,
  /**
   * Stored content with 0 gaps over its whole duration, or live content that ended normally with 0
   * gaps; files sound. (Summaries written by earlier builds may say complete under their older rule.)
   */
  COMPLETE,
  /**
   * The writer died or was killed, stopped itself (disk, lag, I/O error, storage closed), or the
   * files are damaged; keeps what it has.
   */
  INCOMPLETE;

  /** The lowercase name used in JSON and on disk. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  static ContentState ofLabel(String label) {
    return valueOf(label.toUpperCase(Locale.ROOT));
  }
}
