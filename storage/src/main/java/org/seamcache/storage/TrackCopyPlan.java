package org.seamcache.storage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Which stored copy to use for each position of a track, in position order: for export and playout.
 * {@link #bestCopies} takes the seamer's choice from the track's {@link SeamedIndex} (no rescan);
 * {@link #singleLeg} reads one leg's packets as received. Immutable once built.
 */
public final class TrackCopyPlan {

  /**
   * One packet of the plan.
   *
   * @param position position in the reference leg's extended sequence numbers
   * @param index where the copy is
   * @param leg the leg that delivered it
   * @param timestamp the canonical extended RTP timestamp (the reference leg's numbering)
   */
  public record Entry(long position, ExcerptIndex index, int leg, long timestamp) {}

  private final List<Entry> entries;
  private final int referenceLeg;
  private final long corruptSkipped;
  private final boolean inExcerptOrder;

  private TrackCopyPlan(List<Entry> entries, int referenceLeg, long corruptSkipped) {
    this.entries = List.copyOf(entries);
    this.referenceLeg = referenceLeg;
    this.corruptSkipped = corruptSkipped;
    boolean ordered = true;
    for (int i = 1; i < entries.size() && ordered; i++) {
      ordered = entries.get(i - 1).index().compareTo(entries.get(i).index()) < 0;
    }
    this.inExcerptOrder = ordered;
  }

  /** The seamer's copy per position (see {@link DataDirectory#seamedIndex}). */
  public static TrackCopyPlan bestCopies(SeamedIndex index) {
    List<Entry> plan = new ArrayList<>(index.size());
    for (int i = 0; i < index.size(); i++) {
      plan.add(new Entry(index.position(i), index.excerpt(i), index.leg(i), index.timestamp(i)));
    }
    return new TrackCopyPlan(plan, index.referenceLeg(), 0);
  }

  /** Every distinct position one leg delivered, in its own sequence numbers; the first copy wins. */
  public static TrackCopyPlan singleLeg(RecordingReader reader, int track, int leg) {
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
      if (reader.kind() == PacketKind.RTP && reader.track() == track && reader.leg() == leg) {
        candidates.add(new Entry(reader.extendedSeq(), reader.index(), leg, reader.extendedTimestamp()));
      }
    }
    // Stable sort by position keeps appended order among copies of one position: first wins.
    Entry[] sorted = candidates.toArray(new Entry[0]);
    Arrays.sort(sorted, Comparator.comparingLong(Entry::position));
    List<Entry> plan = new ArrayList<>(sorted.length);
    IntStream.range(0, sorted.length)
        .filter(i -> i == 0 || sorted[i].position() != sorted[i - 1].position())
        .forEach(i -> plan.add(sorted[i]));
    return new TrackCopyPlan(plan, leg, corrupt);
  }

  public List<Entry> entries() {
    return entries;
  }

  /** The leg whose numbering the positions use: copies of other legs need their headers rewritten. */
  public int referenceLeg() {
    return referenceLeg;
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
