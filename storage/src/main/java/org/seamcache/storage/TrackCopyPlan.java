package org.seamcache.storage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Which stored copy to use for each position of a track, in position order: for export and playout.
 * Positions are in the reference leg's extended sequence numbers; aligned legs contribute through
 * their offsets; of several copies of a position, the first sound one appended wins. Corrupt excerpts
 * are skipped (a sound copy from another leg can stand in). Immutable once built.
 */
public final class TrackCopyPlan {

  /**
   * One packet of the plan.
   *
   * @param position position in the reference leg's sequence numbers
   * @param index where the copy is
   * @param leg the leg that delivered it
   * @param seqOffset add to the copy's sequence number to get {@code position}
   * @param timestampOffset add to the copy's timestamp to get the reference leg's timestamp
   */
  public record Entry(long position, ExcerptIndex index, int leg, long seqOffset, long timestampOffset) {}

  private final List<Entry> entries;
  private final long corruptSkipped;
  private final boolean inExcerptOrder;

  private TrackCopyPlan(List<Entry> entries, long corruptSkipped) {
    this.entries = List.copyOf(entries);
    this.corruptSkipped = corruptSkipped;
    boolean ordered = true;
    for (int i = 1; i < entries.size() && ordered; i++) {
      ordered = entries.get(i - 1).index().compareTo(entries.get(i).index()) < 0;
    }
    this.inExcerptOrder = ordered;
  }

  /** The best copy per position over the reference leg and every aligned leg of {@code track}. */
  public static TrackCopyPlan bestCopies(RecordingReader reader, TrackSummary track) {
    Map<Integer, TrackSummary.LegOffset> legs = new HashMap<>();
    if (track.referenceLeg() >= 0) {
      legs.put(track.referenceLeg(), new TrackSummary.LegOffset(track.referenceLeg(), 0, 0));
    }
    for (TrackSummary.LegOffset o : track.alignedLegs()) {
      legs.put(o.leg(), o);
    }
    return build(reader, track.track(), legs);
  }

  /** Every distinct position one leg delivered, in its own sequence numbers. */
  public static TrackCopyPlan singleLeg(RecordingReader reader, int track, int leg) {
    return build(reader, track, Map.of(leg, new TrackSummary.LegOffset(leg, 0, 0)));
  }

  private static TrackCopyPlan build(RecordingReader reader, int track, Map<Integer, TrackSummary.LegOffset> legs) {
    List<Entry> candidates = new ArrayList<>();
    long corrupt = 0;
    reader.toStart();
    while (true) {
      try {
        if (!reader.next()) {
          break;
        }
      } catch (CorruptExcerptException e) {
        corrupt++;
        continue;
      }
      if (reader.kind() != PacketKind.RTP || reader.track() != track) {
        continue;
      }
      TrackSummary.LegOffset o = legs.get(reader.leg());
      if (o != null) {
        candidates.add(new Entry(reader.extendedSeq() + o.seqOffset(), reader.index(), reader.leg(), o.seqOffset(),
            o.timestampOffset()));
      }
    }
    // Stable sort by position keeps appended order among copies of one position: first wins.
    Entry[] sorted = candidates.toArray(new Entry[0]);
    Arrays.sort(sorted, Comparator.comparingLong(Entry::position));
    List<Entry> plan = new ArrayList<>(sorted.length);
    IntStream.range(0, sorted.length)
        .filter(i -> i == 0 || sorted[i].position() != sorted[i - 1].position())
        .forEach(i -> plan.add(sorted[i]));
    return new TrackCopyPlan(plan, corrupt);
  }

  public List<Entry> entries() {
    return entries;
  }

  /** Corrupt excerpts met while planning (their positions may still be served by another copy). */
  public long corruptSkipped() {
    return corruptSkipped;
  }

  /** True if the plan's copies appear in the queue in plan order, so one sequential pass serves it. */
  public boolean inExcerptOrder() {
    return inExcerptOrder;
  }
}
