package org.seamcache.storage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds, for each extra leg of a track, the constant offset that maps its sequence numbers and
 * timestamps onto the reference leg's, by matching 64-bit payload hashes (payloads are identical
 * across legs of the same stored content; headers are not). An offset is accepted only when at least
 * {@link #MIN_VOTES} matches agree and they are a clear majority, because repeated payloads (SPS/PPS,
 * silence) make single matches ambiguous. This is the coarse, offline alignment the catalog needs;
 * the seamer aligns live. Stateless.
 */
final class PayloadAligner {

  static final int MIN_VOTES = 4;
  /** Bounds memory: reference packets indexed per track. */
  static final int MAX_INDEXED = 4_000_000;

  private static final long[] AMBIGUOUS = new long[0];

  private PayloadAligner() {}

  /** Offsets per track for every track that has more than one leg. */
  static Map<Integer, List<TrackSummary.LegOffset>> align(Path queueDir, RecordingTally tally) {
    Map<Integer, Integer> referenceLeg = new HashMap<>();
    for (int t = 0; t < tally.trackCount(); t++) {
      List<LegTally> legs = tally.legsOf(t);
      if (legs.size() > 1) {
        referenceLeg.put(t, legs.get(0).leg);
      }
    }
    if (referenceLeg.isEmpty()) {
      return Map.of();
    }
    // Pass 1: hash -> (seq, ts) of each reference leg; hashes seen twice are ambiguous.
    Map<Integer, Map<Long, long[]>> index = new HashMap<>();
    forEachRtp(queueDir, r -> {
      Integer ref = referenceLeg.get(r.track());
      if (ref == null || ref != r.leg()) {
        return;
      }
      Map<Long, long[]> byHash = index.computeIfAbsent(r.track(), k -> new HashMap<>());
      if (byHash.size() < MAX_INDEXED) {
        byHash.merge(r.payloadHash(), new long[] {r.extendedSeq(), r.extendedTimestamp()}, (a, b) -> AMBIGUOUS);
      }
    });
    // Pass 2: votes for (seqOffset, tsOffset) per other leg.
    Map<Long, Map<Offset, int[]>> votes = new HashMap<>();
    forEachRtp(queueDir, r -> {
      Integer ref = referenceLeg.get(r.track());
      if (ref == null || ref == r.leg()) {
        return;
      }
      long[] match = index.getOrDefault(r.track(), Map.of()).get(r.payloadHash());
      if (match == null || match == AMBIGUOUS) {
        return;
      }
      Offset o = new Offset(match[0] - r.extendedSeq(), match[1] - r.extendedTimestamp());
      votes.computeIfAbsent(((long) r.track() << 32) | r.leg(), k -> new HashMap<>())
          .computeIfAbsent(o, k -> new int[1])[0]++;
    });
    Map<Integer, List<TrackSummary.LegOffset>> out = new HashMap<>();
    votes.forEach((key, byOffset) -> {
      int track = (int) (key >>> 32);
      int leg = (int) (long) key;
      long total = 0;
      Offset best = null;
      int bestVotes = 0;
      for (Map.Entry<Offset, int[]> e : byOffset.entrySet()) {
        total += e.getValue()[0];
        if (e.getValue()[0] > bestVotes) {
          bestVotes = e.getValue()[0];
          best = e.getKey();
        }
      }
      if (best != null && bestVotes >= MIN_VOTES && bestVotes * 2 > total) {
        out.computeIfAbsent(track, k -> new ArrayList<>())
            .add(new TrackSummary.LegOffset(leg, best.seq(), best.timestamp()));
      }
    });
    return out;
  }

  private record Offset(long seq, long timestamp) {}

  private static void forEachRtp(Path queueDir, java.util.function.Consumer<RecordingReader> action) {
    try (RecordingReader reader = RecordingReader.openQueueDir(queueDir)) {
      while (true) {
        try {
          if (!reader.next()) {
            return;
          }
        } catch (CorruptExcerptException e) {
          continue;
        }
        if (reader.kind() == PacketKind.RTP) {
          action.accept(reader);
        }
      }
    }
  }
}
