package org.seamcache.seamer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class GapMapTest {

  @Test
  void inOrderWithHolesReportsTheHoles() {
    GapMap map = new GapMap();
    for (long p : new long[] {10, 11, 12, 15, 16, 20}) {
      assertThat(map.add(p)).isTrue();
    }
    assertThat(map.add(11)).isFalse();
    assertThat(map.received()).isEqualTo(6);
    assertThat(map.first()).isEqualTo(10);
    assertThat(map.last()).isEqualTo(20);
    assertThat(map.missing()).isEqualTo(5);
    assertThat(map.gaps()).containsExactly(new GapMap.Range(13, 14), new GapMap.Range(17, 19));
    assertThat(map.receivedRanges())
        .containsExactly(new GapMap.Range(10, 12), new GapMap.Range(15, 16), new GapMap.Range(20, 20));
  }

  @Test
  void fillingAHoleJoinsBothNeighbours() {
    GapMap map = new GapMap();
    map.add(1);
    map.add(3);
    map.add(2);
    assertThat(map.receivedRanges()).containsExactly(new GapMap.Range(1, 3));
    assertThat(map.gaps()).isEmpty();
  }

  /** Against a BitSet model: any insertion order gives the same ranges, counts and gaps. */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 42, 1234, 99991})
  void matchesABitSetModelInAnyOrder(long seed) {
    Random rnd = new Random(seed);
    long base = rnd.nextLong() >>> 8; // large positions, far from zero
    List<Long> positions = new ArrayList<>();
    BitSet model = new BitSet();
    for (int i = 0; i < 2000; i++) {
      if (rnd.nextInt(100) < 80) {
        positions.add(base + i);
        model.set(i);
      }
    }
    positions.addAll(positions.subList(0, positions.size() / 5)); // duplicates
    Collections.shuffle(positions, rnd);
    GapMap map = new GapMap();
    positions.forEach(map::add);

    assertThat(map.received()).isEqualTo(model.cardinality());
    for (int i = 0; i < 2000; i++) {
      assertThat(map.contains(base + i)).as("position %d", i).isEqualTo(model.get(i));
    }
    long gapTotal = map.gaps().stream().mapToLong(GapMap.Range::length).sum();
    assertThat(gapTotal).isEqualTo(map.missing());
    assertThat(map.missing())
        .isEqualTo(model.length() - model.nextSetBit(0) - model.cardinality());
  }

  /** addRange merges overlapping and adjacent ranges like adding every position would. */
  @ParameterizedTest
  @ValueSource(longs = {5, 6, 7, 8})
  void addRangeMatchesAddingEachPosition(long seed) {
    Random rnd = new Random(seed);
    GapMap ranged = new GapMap();
    GapMap single = new GapMap();
    for (int i = 0; i < 300; i++) {
      long first = rnd.nextInt(2000);
      long last = first + rnd.nextInt(rnd.nextBoolean() ? 3 : 60);
      ranged.addRange(new GapMap.Range(first, last));
      for (long p = first; p <= last; p++) {
        single.add(p);
      }
      assertThat(ranged.receivedRanges()).isEqualTo(single.receivedRanges());
      assertThat(ranged.received()).isEqualTo(single.received());
    }
  }
}
