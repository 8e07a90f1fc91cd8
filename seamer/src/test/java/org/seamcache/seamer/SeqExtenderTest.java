package org.seamcache.seamer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SeqExtenderTest {

  @Test
  void wrapsForwardAcrossZero() {
    SeqExtender ext = new SeqExtender();
    assertThat(ext.extend(65534)).isEqualTo(65536 + 65534);
    assertThat(ext.lastVerdict()).isEqualTo(ExtensionVerdict.FIRST);
    assertThat(ext.extend(65535)).isEqualTo(65536 + 65535);
    assertThat(ext.extend(0)).isEqualTo(2 * 65536);
    assertThat(ext.extend(1)).isEqualTo(2 * 65536 + 1);
    assertThat(ext.lastVerdict()).isEqualTo(ExtensionVerdict.ADVANCED);
  }

  @Test
  void lateFromBeforeTheWrapStaysBelow() {
    SeqExtender ext = new SeqExtender();
    ext.extend(2);
    assertThat(ext.extend(65535)).isEqualTo(65536 - 1);
    assertThat(ext.lastVerdict()).isEqualTo(ExtensionVerdict.LATE);
    assertThat(ext.extend(2)).isEqualTo(65536 + 2); // duplicate of the highest
    assertThat(ext.lastVerdict()).isEqualTo(ExtensionVerdict.LATE);
  }

  @Test
  void absurdJumpIsRejectedThenConfirmedBySuccessor() {
    SeqExtender ext = new SeqExtender();
    ext.extend(100);
    assertThat(ext.extend(30_000)).isEqualTo(SeqExtender.REJECTED);
    assertThat(ext.lastVerdict()).isEqualTo(ExtensionVerdict.REJECTED_JUMP);
    assertThat(ext.extend(101)).isEqualTo(65536 + 101); // the old stream goes on: no resync
    assertThat(ext.extend(40_000)).isEqualTo(SeqExtender.REJECTED);
    assertThat(ext.extend(40_001)).isEqualTo(65536 + 40_001);
    assertThat(ext.lastVerdict()).isEqualTo(ExtensionVerdict.RESYNCED);
    assertThat(ext.rejected()).isEqualTo(2);
    assertThat(ext.resyncs()).isEqualTo(1);
  }

  @Test
  void backwardRestartResyncsForwardSoPositionsNeverRepeat() {
    SeqExtender ext = new SeqExtender();
    ext.extend(5000);
    ext.extend(5001);
    assertThat(ext.extend(10)).isEqualTo(SeqExtender.REJECTED);
    long resynced = ext.extend(11);
    assertThat(ext.lastVerdict()).isEqualTo(ExtensionVerdict.RESYNCED);
    assertThat(resynced).isGreaterThan(65536 + 5001).isEqualTo(2 * 65536 + 11);
  }

  @Test
  void rejectsImpossiblePolicy() {
    assertThatThrownBy(() -> new SeqExtender(60_000, 6_000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be in 1..65535");
  }

  /**
   * Hostile stream: random base, several wraps, independent and bursty loss (bursts below the
   * dropout), reordering within the misorder limit, duplicates. The extended number minus the true
   * position must be one constant for every packet.
   */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 377, 610, 987, 1597})
  void extendedNumbersFollowTrueOrderUnderHostileArrival(long seed) {
    Random rnd = new Random(seed);
    long base = rnd.nextInt(65536);
    int n = 200_000; // three wraps
    List<Long> arrivals = new ArrayList<>();
    for (long i = 0; i < n; i++) {
      if (rnd.nextInt(100) < 5) {
        i += rnd.nextInt(rnd.nextBoolean() ? 3 : 1500); // independent or long bursts
        continue;
      }
      arrivals.add(i);
      if (rnd.nextInt(100) < 2) {
        arrivals.add(i); // duplicate
      }
    }
    // reorder: swap packets whose true positions are at most 90 apart (within the misorder limit)
    // (disjoint pairs, so no packet is moved twice)
    for (int a = 0; a + 60 < arrivals.size(); a += 50 + rnd.nextInt(50)) {
      int b = a + 1 + rnd.nextInt(49);
      if (Math.abs(arrivals.get(b) - arrivals.get(a)) <= 90) {
        Collections.swap(arrivals, a, b);
      }
    }
    SeqExtender ext = new SeqExtender();
    Long offset = null;
    for (long truePos : arrivals) {
      long e = ext.extend((int) ((base + truePos) & 0xFFFF));
      assertThat(e).as("position %d", truePos).isNotEqualTo(SeqExtender.REJECTED);
      if (offset == null) {
        offset = e - truePos;
      }
      assertThat(e - truePos).as("position %d", truePos).isEqualTo(offset);
    }
    assertThat(ext.rejected()).isZero();
  }
}
