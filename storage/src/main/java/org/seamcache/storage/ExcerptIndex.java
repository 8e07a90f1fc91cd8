package org.seamcache.storage;

/**
 * Position of one excerpt in a recording's queue (Chronicle's index: roll cycle and sequence in one
 * long). Only meaningful for the recording it came from. Immutable.
 */
public record ExcerptIndex(long value) implements Comparable<ExcerptIndex> {

  @Override
  public int compareTo(ExcerptIndex other) {
    return Long.compare(value, other.value);
  }

  @Override
  public String toString() {
    return "0x" + Long.toHexString(value);
  }
}
