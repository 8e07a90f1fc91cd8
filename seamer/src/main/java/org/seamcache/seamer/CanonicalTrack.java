package org.seamcache.seamer;

import java.util.Arrays;

/**
 * The seamed track being built: for each canonical position in a sliding window {@code [lo, hi]},
 * whether it is filled and by what (payload hash, canonical timestamp, supplying leg, the caller's
 * reference, arrival time). A power-of-two ring of parallel arrays, grown on demand up to
 * {@code maxCapacity}; beyond that the oldest positions fall out (the {@link Seamer} releases them
 * first). Optionally keeps a {@link PayloadIndex} (hash → position) for legs that are still aligning;
 * when no leg needs it, indexing is switched off and rebuilt on demand, keeping the hot path lean.
 *
 * <p>Package-private engine of {@link Seamer}. Not thread-safe.
 */
final class CanonicalTrack {

  private final int maxCapacity;
  private long[] hash;
  private long[] ts;
  private long[] ref;
  private long[] arrival;
  private int[] leg; // -1: empty
  private boolean[] confirmed; // a second leg carried the same payload here
  private int mask;
  private long lo;
  private long hi = Long.MIN_VALUE; // hi < lo: nothing yet
  private boolean started;
  private long filled;

  private PayloadIndex index;
  private boolean indexing;

  CanonicalTrack(int initialCapacity, int maxCapacity) {
    int cap = Integer.highestOneBit(Math.max(64, initialCapacity - 1)) << 1;
    this.maxCapacity = Math.max(cap, Integer.highestOneBit(maxCapacity));
    allocate(cap);
  }

  private void allocate(int cap) {
    hash = new long[cap];
    ts = new long[cap];
    ref = new long[cap];
    arrival = new long[cap];
    leg = new int[cap];
    confirmed = new boolean[cap];
    Arrays.fill(leg, -1);
    mask = cap - 1;
  }

  int capacity() {
    return mask + 1;
  }

  int maxCapacity() {
    return maxCapacity;
  }

  boolean started() {
    return started;
  }

  long lo() {
    return lo;
  }

  long hi() {
    return hi;
  }

  /** Positions filled now (withdrawals subtract). */
  long filledCount() {
    return filled;
  }

  boolean covers(long p) {
    return started && p >= lo && p <= hi;
  }

  boolean isFilled(long p) {
    return covers(p) && leg[(int) p & mask] >= 0;
  }

  long hashAt(long p) {
    return hash[(int) p & mask];
  }

  long timestampAt(long p) {
    return ts[(int) p & mask];
  }

  void setTimestamp(long p, long timestamp) {
    ts[(int) p & mask] = timestamp;
  }

  long refAt(long p) {
    return ref[(int) p & mask];
  }

  long arrivalAt(long p) {
    return arrival[(int) p & mask];
  }

  int legAt(long p) {
    return leg[(int) p & mask];
  }

  /**
   * Makes {@code p} part of the window, growing or (above {@code hi}) sliding it. Returns false when
   * {@code p} is below the window and would not fit in {@code maxCapacity}.
   */
  boolean ensure(long p) {
    if (!started) {
      started = true;
      lo = hi = p;
      leg[(int) p & mask] = -1;
      return true;
    }
    if (p > hi) {
      long span = p - lo + 1;
      if (span > capacity()) {
        if (span <= maxCapacity) {
          grow(span);
        } else {
          long newLo = p - capacity() + 1;
          for (long q = lo; q < Math.min(newLo, hi + 1); q++) {
            if (leg[(int) q & mask] >= 0) {
              filled--;
            }
          }
          lo = newLo;
        }
      }
      for (long q = Math.max(hi + 1, p - capacity() + 1); q <= p; q++) {
        leg[(int) q & mask] = -1;
      }
      hi = p;
      return true;
    }
    if (p < lo) {
      long span = hi - p + 1;
      if (span > capacity()) {
        if (span > maxCapacity) {
          return false;
        }
        grow(span);
      }
      for (long q = p; q < lo; q++) {
        leg[(int) q & mask] = -1;
      }
      lo = p;
    }
    return true;
  }

  private void grow(long span) {
    int cap = capacity();
    while (cap < span) {
      cap <<= 1;
    }
    long[] oh = hash, ot = ts, or = ref, oa = arrival;
    int[] ol = leg;
    boolean[] oc = confirmed;
    int om = mask;
    allocate(cap);
    for (long q = lo; q <= hi; q++) {
      int from = (int) q & om;
      int to = (int) q & mask;
      hash[to] = oh[from];
      ts[to] = ot[from];
      ref[to] = or[from];
      arrival[to] = oa[from];
      leg[to] = ol[from];
      confirmed[to] = oc[from];
    }
  }

  /**
   * Fills {@code p} (which {@link #ensure} made part of the window and which is empty). Returns true
   * if the hash is now unique in the index (only meaningful while indexing).
   */
  boolean fill(long p, long payloadHash, long timestamp, int supplier, long reference, long arrivalNanos) {
    int i = (int) p & mask;
    hash[i] = payloadHash;
    ts[i] = timestamp;
    ref[i] = reference;
    arrival[i] = arrivalNanos;
    leg[i] = supplier;
    confirmed[i] = false;
    filled++;
    return indexing && index.add(payloadHash, p);
  }

  /** Marks {@code p} as carried identically by a second leg: it is never withdrawn. */
  void confirm(long p) {
    confirmed[(int) p & mask] = true;
  }

  /**
   * Empties {@code p} if {@code supplier} still holds it, and it is unconfirmed or {@code evenConfirmed}
   * (a fill taken back because its leg's offset was refuted); returns true if it did.
   */
  boolean withdraw(long p, int supplier, boolean evenConfirmed) {
    int i = (int) p & mask;
    if (covers(p) && leg[i] == supplier && (evenConfirmed || !confirmed[i])) {
      leg[i] = -1;
      filled--;
      return true;
    }
    return false;
  }

  /** Starts or stops keeping the hash index; starting rebuilds it from the window. */
  void setIndexing(boolean on) {
    if (on && !indexing) {
      rebuildIndex();
    }
    indexing = on;
    if (!on) {
      index = null;
    }
  }

  boolean indexing() {
    return indexing;
  }

  /** The one position whose payload has {@code payloadHash}, or {@link PayloadIndex#ABSENT} (also when ambiguous). */
  long uniquePosition(long payloadHash) {
    long p = index.get(payloadHash);
    if (p == PayloadIndex.AMBIGUOUS || p == PayloadIndex.ABSENT) {
      return PayloadIndex.ABSENT;
    }
    if (!isFilled(p) || hashAt(p) != payloadHash) {
      return PayloadIndex.ABSENT; // withdrawn or slid out of the window
    }
    if (index.size() > 4L * (hi - lo + 1) + 4096) {
      rebuildIndex(); // stale entries piled up in a sliding window
    }
    return p;
  }

  private void rebuildIndex() {
    index = new PayloadIndex((int) Math.min(Integer.MAX_VALUE / 4, Math.max(1024, filled)));
    if (started) {
      for (long q = lo; q <= hi; q++) {
        if (leg[(int) q & mask] >= 0) {
          index.add(hash[(int) q & mask], q);
        }
      }
    }
  }
}
