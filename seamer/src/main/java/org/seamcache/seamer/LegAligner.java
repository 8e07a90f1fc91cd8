package org.seamcache.seamer;

import java.util.HashMap;
import java.util.Map;

/**
 * Finds the offset that maps one leg's extended sequence numbers and timestamps onto the canonical
 * track, from payload-hash matches, and refuses to guess.
 *
 * <p>The leg's packets wait here (metadata only) while it aligns. A <em>vote</em> is a packet whose
 * payload hash occurs exactly once among the waiting packets and exactly once in the canonical track;
 * it proposes the pair (canonical position − extended seq, canonical timestamp − extended timestamp).
 * Repeated payloads (SPS/PPS, access-unit delimiters, silence, static frames) never vote, so they
 * cannot pull the leg to a wrong place. An offset is accepted only when
 * <ol>
 *   <li>at least {@code minVotes} votes agree on both the sequence and the timestamp offset,</li>
 *   <li>no other offset pair has {@code minVotes} votes or more than a quarter of the winner's
 *       (ambiguity waits for more data), and</li>
 *   <li>the waiting packets whose positions under that offset are already filled carry the same
 *       payload hash there (repeated payloads included), with at most one in 16 differing (a damaged
 *       packet); a wrong offset differs almost everywhere.</li>
 * </ol>
 * Decisions are re-run as matches accumulate (geometrically, so the cost stays linear overall).
 * A leg whose payloads never match (a separate live encode) stays unaligned with the reason kept.
 *
 * <p>Package-private engine of {@link Seamer}; not thread-safe.
 */
final class LegAligner {

  /** The outcome of one attempt. */
  record Decision(boolean aligned, long seqOffset, long tsOffset, int votes, String reason) {}

  record OffsetPair(long seqOffset, long tsOffset) {}

  /**
   * Votes counted per decision at most: thousands of agreeing unique matches settle it; the overlap
   * check that follows still covers every waiting packet.
   */
  static final int MAX_VOTES = 4096;



  private final int minVotes;
  private final int maxPending;
  private final int repeatHorizon;
  private PacketColumns pending = new PacketColumns();
  private PayloadIndex pendingIndex = new PayloadIndex(1024);
  private long hits;
  private long nextDecisionAt;
  private long totalHits;
  private boolean indexed = true;
  private String reason = "no payload of this leg matched the content yet";

  LegAligner(int minVotes, int maxPending, int repeatHorizon) {
    this.minVotes = minVotes;
    this.maxPending = maxPending;
    this.repeatHorizon = repeatHorizon;
    this.nextDecisionAt = minVotes;
  }

  /**
   * Queues a packet of the leg; returns true when it is time to try {@link #decide}. With a null
   * {@code track} (offline: decisions wait for the end) matches are not counted.
   */
  boolean add(long ext, long ts, long hash, long ref, long arrival, CanonicalTrack track) {
    if (pending.size >= maxPending) {
      pending.dropOldest(maxPending / 2);
      rebuildPendingIndex();
    }
    pending.add(ext, ts, hash, ref, arrival);
    if (track == null) {
      indexed = false; // offline: decisions scan the whole leg and track at the end instead
      return false;
    }
    boolean unique = pendingIndex.add(hash, ext);
    if (unique && track != null && track.uniquePosition(hash) != PayloadIndex.ABSENT) {
      hits++;
      totalHits++;
    }
    return hits >= nextDecisionAt;
  }

  /** The canonical track gained a payload seen once so far; returns true when it is time to decide. */
  boolean canonicalGained(long hash) {
    long ext = pendingIndex.get(hash);
    if (ext != PayloadIndex.ABSENT && ext != PayloadIndex.AMBIGUOUS) {
      hits++;
      totalHits++;
    }
    return hits >= nextDecisionAt;
  }

  /**
   * Counts the votes, checks the overlap, and says whether (and where) the leg is aligned.
   *
   * @param settled live: a track position votes only if it was filled by a leg this says is settled
   *     (the reference, or a trusted leg) and the track already extends the repeat horizon
   *     ({@link SeamerConfig#repeatHorizonPackets()}) past it; ignored offline
   */
  Decision decide(CanonicalTrack track, java.util.function.IntPredicate settled) {
    nextDecisionAt = Math.max(hits * 2, minVotes);
    if (!indexed) {
      Map<OffsetPair, int[]> votes = OfflineVotes.count(pending, track, MAX_VOTES * 2);
      Decision d = conclude(votes, track);
      if (!d.aligned() && pending.size > MAX_VOTES * 2) {
        d = conclude(OfflineVotes.count(pending, track, Integer.MAX_VALUE), track); // small overlaps: every packet
      }
      return d;
    }
    // Most votes agree, so count a run of equal offsets in locals and touch the map only on a change.
    Map<OffsetPair, int[]> votes = new HashMap<>();
    PacketColumns p = pending;
    PayloadIndex voted = new PayloadIndex(Math.min(p.size, MAX_VOTES));
    int counted = 0;
    long runSeq = 0;
    long runTs = 0;
    int run = 0;
    for (int i = 0; i < p.size && counted < MAX_VOTES; i++) {
      long h = p.hash[i];
      if (pendingIndex.get(h) != p.ext[i] || !voted.putIfAbsent(h, p.ext[i])) {
        continue; // repeated within the leg, or a duplicate of a packet that already voted
      }
      long c = track.uniquePosition(h);
      if (c == PayloadIndex.ABSENT || c > track.hi() - repeatHorizon || !settled.test(track.legAt(c))) {
        // Unique *so far* is not unique: at the track's front the next copy of a repeated block (a
        // static scene) may not have arrived yet, and a leg ahead of the track would then vote for
        // a shift by the block's period. Nor may a fill of an unconfirmed leg vote: it may itself be shifted.
        continue;
      }
      counted++;
      long seqOffset = c - p.ext[i];
      long tsOffset = track.timestampAt(c) - p.ts[i];
      if (run > 0 && seqOffset == runSeq && tsOffset == runTs) {
        run++;
        continue;
      }
      if (run > 0) {
        votes.computeIfAbsent(new OffsetPair(runSeq, runTs), k -> new int[1])[0] += run;
      }
      runSeq = seqOffset;
      runTs = tsOffset;
      run = 1;
    }
    if (run > 0) {
      votes.computeIfAbsent(new OffsetPair(runSeq, runTs), k -> new int[1])[0] += run;
    }
    return conclude(votes, track);
  }

  private Decision conclude(Map<OffsetPair, int[]> votes, CanonicalTrack track) {
    PacketColumns p = pending;
    OffsetPair best = null;
    int bestVotes = 0;
    OffsetPair second = null;
    int secondVotes = 0;
    for (Map.Entry<OffsetPair, int[]> e : votes.entrySet()) {
      int v = e.getValue()[0];
      if (v > bestVotes) {
        second = best;
        secondVotes = bestVotes;
        best = e.getKey();
        bestVotes = v;
      } else if (v > secondVotes) {
        second = e.getKey();
        secondVotes = v;
      }
    }
    if (bestVotes < minVotes) {
      reason = votes.isEmpty()
          ? "no payload of this leg matches the content (a different encode?)"
          : "only " + bestVotes + " matching packets agree on one offset (" + minVotes + " needed)";
      return refuse(bestVotes);
    }
    if (secondVotes >= minVotes || secondVotes * 4 > bestVotes) {
      reason = "ambiguous: sequence offsets " + best.seqOffset() + " (" + bestVotes + " matches) and "
          + second.seqOffset() + " (" + secondVotes + " matches) both fit";
      return refuse(bestVotes);
    }
    int overlap = 0;
    int differ = 0;
    for (int i = 0; i < p.size; i++) {
      long c = p.ext[i] + best.seqOffset();
      if (track.isFilled(c) && (i == 0 || p.ext[i] != p.ext[i - 1])) {
        overlap++;
        if (track.hashAt(c) != p.hash[i]) {
          differ++;
        }
      }
    }
    if (differ * 16 > overlap) { // a few damaged packets are tolerated; a wrong offset differs almost everywhere
      reason = "sequence offset " + best.seqOffset() + " has " + bestVotes + " agreeing matches but "
          + differ + " of " + overlap + " overlapping payloads differ";
      return refuse(bestVotes);
    }
    reason = "aligned by " + bestVotes + " payload matches";
    return new Decision(true, best.seqOffset(), best.tsOffset(), bestVotes, reason);
  }

  private Decision refuse(int votes) {
    return new Decision(false, 0, 0, votes, reason);
  }

  /** Why the leg is not aligned (or how it was). */
  String reason() {
    return reason;
  }

  /** Packets waiting, in arrival order. */
  int pendingCount() {
    return pending.size;
  }

  /** Hands over the waiting packets (to be placed) and starts over empty. */
  PacketColumns takePending() {
    PacketColumns taken = pending;
    pending = new PacketColumns();
    reset();
    return taken;
  }

  /** Forgets the waiting packets and the matches counted so far. */
  void reset() {
    pending.clear();
    pendingIndex = new PayloadIndex(1024);
    hits = 0;
    nextDecisionAt = minVotes;
  }

  private void rebuildPendingIndex() {
    pendingIndex = new PayloadIndex(Math.max(1024, pending.size));
    for (int i = 0; i < pending.size; i++) {
      pendingIndex.add(pending.hash[i], pending.ext[i]);
    }
  }
}
