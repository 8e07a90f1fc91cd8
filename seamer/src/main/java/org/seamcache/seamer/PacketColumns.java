package org.seamcache.seamer;

import java.util.Arrays;

/**
 * A growable column store of packet metadata (extended sequence number, extended timestamp, payload
 * hash, caller's reference, arrival time), used for packets of a leg that is not aligned yet.
 * Package-private; not thread-safe.
 */
final class PacketColumns {
  long[] ext = new long[64];
  long[] ts = new long[64];
  long[] hash = new long[64];
  long[] ref = new long[64];
  long[] arrival = new long[64];
  int size;

  void add(long extSeq, long extTs, long payloadHash, long reference, long arrivalNanos) {
    if (size == ext.length) {
      int cap = size * 2;
      ext = Arrays.copyOf(ext, cap);
      ts = Arrays.copyOf(ts, cap);
      hash = Arrays.copyOf(hash, cap);
      ref = Arrays.copyOf(ref, cap);
      arrival = Arrays.copyOf(arrival, cap);
    }
    ext[size] = extSeq;
    ts[size] = extTs;
    hash[size] = payloadHash;
    ref[size] = reference;
    arrival[size] = arrivalNanos;
    size++;
  }

  /** Drops the oldest {@code n} entries. */
  void dropOldest(int n) {
    n = Math.min(n, size);
    System.arraycopy(ext, n, ext, 0, size - n);
    System.arraycopy(ts, n, ts, 0, size - n);
    System.arraycopy(hash, n, hash, 0, size - n);
    System.arraycopy(ref, n, ref, 0, size - n);
    System.arraycopy(arrival, n, arrival, 0, size - n);
    size -= n;
  }

  void clear() {
    size = 0;
  }
}
