package org.seamcache.seamer;

import java.util.HashMap;
import java.util.Map;

/**
 * Counts alignment votes when every packet is known (offline), without a hash index over the leg or
 * the track: up to {@code maxCandidates} packets spread evenly over the leg are candidates; one
 * linear scan of the leg drops candidates whose payload occurs at another position of the leg, one
 * linear scan of the track finds where (and whether once) each remaining payload is in the track.
 * The result is the same as with full indexes for the candidates taken, in two sequential passes
 * over memory instead of millions of random lookups. Package-private; stateless.
 */
final class OfflineVotes {

  private OfflineVotes() {}

  static Map<LegAligner.OffsetPair, int[]> count(PacketColumns p, CanonicalTrack track, int maxCandidates) {
    int stride = Math.max(1, p.size / Math.max(1, maxCandidates));
    // candidate hash -> index into the arrays below
    PayloadIndex slot = new PayloadIndex(Math.min(p.size, maxCandidates) + 16);
    int n = 0;
    int cap = Math.min(p.size, maxCandidates) + 1;
    long[] ext = new long[cap];
    long[] ts = new long[cap];
    long[] where = new long[cap];
    int[] inTrack = new int[cap];
    boolean[] repeated = new boolean[cap];
    for (int i = 0; i < p.size && n < cap; i += stride) {
      if (slot.putIfAbsent(p.hash[i], n)) {
        ext[n] = p.ext[i];
        ts[n] = p.ts[i];
        n++;
      }
    }
    for (int i = 0; i < p.size; i++) { // repeated within the leg (a duplicate of the same packet is not)
      long k = slot.get(p.hash[i]);
      if (k >= 0 && ext[(int) k] != p.ext[i]) {
        repeated[(int) k] = true;
      }
    }
    if (track.started()) {
      for (long q = track.lo(); q <= track.hi(); q++) {
        if (track.isFilled(q)) {
          long k = slot.get(track.hashAt(q));
          if (k >= 0) {
            inTrack[(int) k]++;
            where[(int) k] = q;
          }
        }
      }
    }
    Map<LegAligner.OffsetPair, int[]> votes = new HashMap<>();
    for (int k = 0; k < n; k++) {
      if (!repeated[k] && inTrack[k] == 1) {
        long c = where[k];
        votes.computeIfAbsent(new LegAligner.OffsetPair(c - ext[k], track.timestampAt(c) - ts[k]), x -> new int[1])[0]++;
      }
    }
    return votes;
  }
}
