package org.seamcache.seamer;

import java.util.Arrays;

/**
 * Payload hash → the one position carrying it, or {@link #AMBIGUOUS} when several do. Open
 * addressing with linear probing over two {@code long[]}s; no boxing, no deletion (callers validate a
 * hit against their own table and rebuild the index when stale entries pile up).
 *
 * <p>Package-private engine of {@link Seamer} and {@link LegAligner}. Not thread-safe.
 */
final class PayloadIndex {

  /** Value of a hash seen at more than one position. */
  static final long AMBIGUOUS = Long.MIN_VALUE;
  /** Returned by {@link #get} for an unknown hash. */
  static final long ABSENT = Long.MIN_VALUE + 1;

  private static final long EMPTY_KEY = 0; // hash 0 is stored in a side slot
  private long[] keys;
  private long[] values;
  private int size;
  private int mask;
  private boolean hasZero;
  private long zeroValue;

  PayloadIndex(int expected) {
    int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
    keys = new long[cap];
    values = new long[cap];
    mask = cap - 1;
  }

  /** The position stored for {@code hash}, {@link #AMBIGUOUS}, or {@link #ABSENT}. */
  long get(long hash) {
    if (hash == EMPTY_KEY) {
      return hasZero ? zeroValue : ABSENT;
    }
    int i = slot(hash);
    while (true) {
      long k = keys[i];
      if (k == hash) {
        return values[i];
      }
      if (k == EMPTY_KEY) {
        return ABSENT;
      }
      i = (i + 1) & mask;
    }
  }

  /**
   * Records that {@code hash} is at {@code position}. Returns true if the hash is now unique (it was
   * absent, or present at this same position).
   */
  boolean add(long hash, long position) {
    if (hash == EMPTY_KEY) {
      if (!hasZero) {
        hasZero = true;
        zeroValue = position;
        size++;
        return true;
      }
      if (zeroValue != position) {
        zeroValue = AMBIGUOUS;
      }
      return zeroValue != AMBIGUOUS;
    }
    int i = slot(hash);
    while (true) {
      long k = keys[i];
      if (k == hash) {
        if (values[i] != position) {
          values[i] = AMBIGUOUS;
        }
        return values[i] != AMBIGUOUS;
      }
      if (k == EMPTY_KEY) {
        keys[i] = hash;
        values[i] = position;
        if (++size * 2 > keys.length) {
          grow();
        }
        return true;
      }
      i = (i + 1) & mask;
    }
  }

  /** Stores {@code hash → value} unless the hash is already present; returns true if it stored it. */
  boolean putIfAbsent(long hash, long value) {
    if (get(hash) != ABSENT) {
      return false;
    }
    add(hash, value);
    return true;
  }

  int size() {
    return size;
  }

  void clear() {
    Arrays.fill(keys, EMPTY_KEY);
    hasZero = false;
    size = 0;
  }

  private int slot(long hash) {
    return (int) (hash ^ (hash >>> 32)) & mask; // hashes are already well mixed
  }

  private void grow() {
    long[] oldKeys = keys;
    long[] oldValues = values;
    int factor = oldKeys.length >= 1 << 16 ? 4 : 2; // big indexes grow in fewer, larger steps
    keys = new long[oldKeys.length * factor];
    values = new long[oldKeys.length * factor];
    mask = keys.length - 1;
    for (int j = 0; j < oldKeys.length; j++) {
      long k = oldKeys[j];
      if (k != EMPTY_KEY) {
        int i = slot(k);
        while (keys[i] != EMPTY_KEY) {
          i = (i + 1) & mask;
        }
        keys[i] = k;
        values[i] = oldValues[j];
      }
    }
  }
}
