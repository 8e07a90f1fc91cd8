package org.seamcache.proxy.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.seamcache.seamer.GapMap;

/** Gaps and an unwatched end become padded, merged media-time ranges to fetch again. */
class RepairRangesTest {
  private static final int CLOCK = 90_000;

  /** Positions 100..299 at 25 packets/s, without {@code missing}. */
  private static long[][] copy(long... missing) {
    List<Long> m = java.util.Arrays.stream(missing).boxed().toList();
    long[] p = java.util.stream.LongStream.rangeClosed(100, 299).filter(x -> !m.contains(x)).toArray();
    long[] t = java.util.Arrays.stream(p).map(x -> 1_000_000L + (x - 100) * 3600).toArray();
    return new long[][] {p, t};
  }

  @Test
  void aGapBecomesTheTimeBetweenItsNeighboursPadded() {
    long[][] c = copy(150, 151);
    var r = RepairRanges.forTrack(c[0], c[1], List.of(new GapMap.Range(150, 151)), CLOCK, 8.0, 0.5);
    // neighbours 149 (1.96 s) and 152 (2.08 s)
    assertThat(r).hasSize(1);
    assertThat(r.get(0).startSeconds()).isCloseTo(1.46, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(r.get(0).endSeconds()).isCloseTo(2.58, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(r.get(0).npt()).isEqualTo("npt=1.460-2.580");
  }

  @Test
  void anUnwatchedEndIsFetchedToTheTitlesEnd() {
    long[][] c = copy();
    var r = RepairRanges.forTrack(c[0], c[1], List.of(), CLOCK, 20.0, 0.5);
    // the copy reaches 7.96 s of 20
    assertThat(r).containsExactly(new RepairRanges.Range(7.46, 20.0));
    assertThat(RepairRanges.forTrack(c[0], c[1], List.of(), CLOCK, 8.5, 0.5)).as("within a second of the end: whole").isEmpty();
  }

  @Test
  void rangesOfAllTracksMergeAndClipToTheTitle() {
    var merged = RepairRanges.merge(List.of(new RepairRanges.Range(5, 6), new RepairRanges.Range(1, 2), new RepairRanges.Range(1.5, 3),
        new RepairRanges.Range(19, 25)), 20);
    assertThat(merged).containsExactly(new RepairRanges.Range(1, 3), new RepairRanges.Range(5, 6), new RepairRanges.Range(19, 20));
  }

  @Test
  void aTrackWithNothingIsFetchedWhole() {
    assertThat(RepairRanges.forTrack(new long[0], new long[0], List.of(), CLOCK, 12, 0.5)).containsExactly(new RepairRanges.Range(0, 12));
  }
}
