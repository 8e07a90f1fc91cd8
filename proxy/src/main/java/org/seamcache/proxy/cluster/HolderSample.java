package org.seamcache.proxy.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Which of a title's holders a lookup reads: all of them up to {@code max}, else a random {@code
 * max} of them. A popular title ends with thousands of holders, and reading every one's entry made
 * lookups the registry's limit (README, "How far it goes"); a random few spread the redirects over
 * the holders as well. Stateless.
 */
final class HolderSample {
  private HolderSample() {}

  /** At most {@code max} of {@code names}, each equally likely; all of them, in order, when they are that few. */
  static List<String> of(List<String> names, int max, RandomGenerator random) {
    if (names.size() <= max) {
      return names;
    }
    List<String> pool = new ArrayList<>(names);
    // a partial Fisher-Yates shuffle: the first max places are the sample
    for (int i = 0; i < max; i++) {
      int j = i + random.nextInt(pool.size() - i);
      String t = pool.get(i);
      pool.set(i, pool.get(j));
      pool.set(j, t);
    }
    return List.copyOf(pool.subList(0, max));
  }
}
