package org.seamcache.seamer;

/**
 * The reference leg's newest positions, in increasing order, with the time each arrived: a bounded
 * FIFO (the oldest are forgotten when full, which only makes a gap wait a little longer). Package-private;
 * not thread-safe.
 */
final class ReferenceProgress {
  private final long[] positions;
  private final long[] arrivals;
  private int head;
  private int size;

  ReferenceProgress(int capacity) {
    positions = new long[capacity];
    arrivals = new long[capacity];
  }

  /** Adds a position greater than every one before it. */
  void add(long position, long arrivalNanos) {
    if (size == positions.length) {
      head = (head + 1) % positions.length;
      size--;
    }
    int i = (head + size) % positions.length;
    positions[i] = position;
    arrivals[i] = arrivalNanos;
    size++;
  }

  /** Forgets positions below {@code position}. */
  void dropBelow(long position) {
    while (size > 0 && positions[head] < position) {
      head = (head + 1) % positions.length;
      size--;
    }
  }

  /** When the reference first reached {@code position} or beyond, or {@link Long#MIN_VALUE} if it has not (or it was forgotten). */
  long arrivalAtOrAfter(long position) {
    for (int k = 0; k < size; k++) {
      int i = (head + k) % positions.length;
      if (positions[i] >= position) {
        return arrivals[i];
      }
    }
    return Long.MIN_VALUE;
  }
}
