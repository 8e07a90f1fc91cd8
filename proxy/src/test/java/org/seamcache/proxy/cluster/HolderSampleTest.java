package org.seamcache.proxy.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A lookup's sample of a title's holders: bounded, distinct, drawn from the holders, each about equally often. */
class HolderSampleTest {

  @ParameterizedTest
  @ValueSource(longs = {1, 7, 42})
  void aBoundedSampleOfDistinctHoldersEachAboutEquallyLikely(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<String> few = List.of("a", "b", "c");
    assertThat(HolderSample.of(few, 16, random)).as("no more than the bound: all, in order").isEqualTo(few);

    List<String> many = IntStream.range(0, 200).mapToObj(i -> "node-" + i).toList();
    Map<String, Integer> picked = new HashMap<>();
    for (int round = 0; round < 2_000; round++) {
      List<String> s = HolderSample.of(many, 16, random);
      assertThat(s).hasSize(16).doesNotHaveDuplicates();
      assertThat(many).containsAll(s);
      s.forEach(n -> picked.merge(n, 1, Integer::sum));
    }
    assertThat(many).as("the input is left as it was").first().isEqualTo("node-0");
    // 2,000 × 16 / 200 = 160 expected per holder; a fair draw stays well within half to twice that
    assertThat(picked).hasSize(200);
    assertThat(picked.values()).allSatisfy(n -> assertThat(n).isBetween(80, 320));
  }
}
