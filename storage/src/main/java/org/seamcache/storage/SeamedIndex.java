package org.seamcache.storage;

import java.util.ArrayList;
import java.util.List;
import org.seamcache.seamer.GapMap;

/**
 * One track's seamed result: for each canonical position (in the reference leg's extended sequence
 * numbers) the excerpt the seamer chose, its canonical timestamp and the leg it came from, plus the
 * gaps no leg filled. Built by {@link QueueSeaming}, persisted by {@link SeamedIndexFile}. Immutable.
 */
public final class SeamedIndex {

  /**
   * Where the output switches from one leg to another.
   *
   * @param position first position taken from {@code toLeg}
   * @param fromLeg the leg of the position before (-1 when a gap lies between)
   * @param toLeg the leg from here on
   */
  public record Seam(long position, int fromLeg, int toLeg) {}

  private final int track;
  private final int referenceLeg;
  private final long excerptsAtBuild;
  private final long[] positions;
  private final long[] excerpts;
  private final long[] timestamps;
  private final int[] legs;
  private final List<GapMap.Range> gaps;
  private final String origin;

  SeamedIndex(int track, int referenceLeg, long excerptsAtBuild, long[] positions, long[] excerpts, long[] timestamps,
      int[] legs, List<GapMap.Range> gaps, String origin) {
    if (positions.length != excerpts.length || positions.length != timestamps.length || positions.length != legs.length) {
      throw new IllegalArgumentException("columns of different lengths");
    }
    this.track = track;
    this.referenceLeg = referenceLeg;
    this.excerptsAtBuild = excerptsAtBuild;
    this.positions = positions;
    this.excerpts = excerpts;
    this.timestamps = timestamps;
    this.legs = legs;
    this.gaps = List.copyOf(gaps);
    this.origin = origin;
  }

  /** The same index with another account of where it came from. */
  SeamedIndex from(String newOrigin) {
    return new SeamedIndex(track, referenceLeg, excerptsAtBuild, positions, excerpts, timestamps, legs, gaps, newOrigin);
  }

  public int track() {
    return track;
  }

  /** The leg whose numbering the positions use (-1: the track has no RTP). */
  public int referenceLeg() {
    return referenceLeg;
  }

  /** Excerpts the queue held when this index was built (a different count later means it is stale). */
  public long excerptsAtBuild() {
    return excerptsAtBuild;
  }

  /** Positions with a copy. */
  public int size() {
    return positions.length;
  }

  public long position(int i) {
    return positions[i];
  }

  public ExcerptIndex excerpt(int i) {
    return new ExcerptIndex(excerpts[i]);
  }

  long excerptValue(int i) {
    return excerpts[i];
  }

  /** Canonical extended RTP timestamp of position {@code i} (low 32 bits: the timestamp to send). */
  public long timestamp(int i) {
    return timestamps[i];
  }

  public int leg(int i) {
    return legs[i];
  }

  /** Gaps between the first and last position, in order. */
  public List<GapMap.Range> gaps() {
    return gaps;
  }

  /** How this index was obtained: read from its file, or rebuilt from the queue and why. */
  public String origin() {
    return origin;
  }

  /** True if it was rebuilt from the queue rather than read from a sound index file. */
  public boolean rebuilt() {
    return !origin.equals(SeamedIndexFile.READ_FROM_FILE);
  }

  /** Every point where the output switches leg, in position order. */
  public List<Seam> seams() {
    List<Seam> out = new ArrayList<>();
    for (int i = 1; i < positions.length; i++) {
      if (legs[i] != legs[i - 1]) {
        out.add(new Seam(positions[i], positions[i] == positions[i - 1] + 1 ? legs[i - 1] : -1, legs[i]));
      }
    }
    return out;
  }

  /** Positions each leg filled in the output, by leg id (absent: none). */
  public java.util.Map<Integer, Long> contributions() {
    java.util.Map<Integer, Long> out = new java.util.TreeMap<>();
    for (int leg : legs) {
      out.merge(leg, 1L, Long::sum);
    }
    return out;
  }

  /** Same content, ignoring where it came from. */
  boolean sameAs(SeamedIndex o) {
    return track == o.track && referenceLeg == o.referenceLeg && excerptsAtBuild == o.excerptsAtBuild
        && java.util.Arrays.equals(positions, o.positions) && java.util.Arrays.equals(excerpts, o.excerpts)
        && java.util.Arrays.equals(timestamps, o.timestamps) && java.util.Arrays.equals(legs, o.legs)
        && gaps.equals(o.gaps);
  }
}
