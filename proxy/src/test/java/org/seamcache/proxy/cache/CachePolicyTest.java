package org.seamcache.proxy.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CachePolicyTest {
  @Test
  void aRepairFetchesTheWholeTitleUnlessItsRouteOrItsSizeSaysOnlyWhatWasWatched() {
    CachePolicy p = CachePolicy.defaults().withRepairScope(Set.of("lobby"), 100_000_000L);
    assertThat(p.repairsWholeTitle(null, 99_000_000L)).isTrue();
    assertThat(p.repairsWholeTitle("yard", 100_000_000L)).isTrue();
    assertThat(p.repairsWholeTitle(null, 100_000_001L)).as("above the cap").isFalse();
    assertThat(p.repairsWholeTitle("lobby", 1)).as("a watched-only route").isFalse();
    assertThat(CachePolicy.defaults().repairsWholeTitle(null, Long.MAX_VALUE)).as("no cap").isTrue();
  }

  @Test
  void aRoutesOwnSettingsReplaceTheProxys() {
    CachePolicy p = new CachePolicy(Duration.ofMinutes(5), Map.of("yard", Duration.ofHours(1)), null, Map.of(), Set.of("ppv"));
    assertThat(p.maxAgeFor("yard")).isEqualTo(Duration.ofHours(1));
    assertThat(p.maxAgeFor("lobby")).isEqualTo(Duration.ofMinutes(5));
    assertThat(p.maxAgeFor(null)).isEqualTo(Duration.ofMinutes(5));
    assertThat(p.caches("ppv")).isFalse();
    assertThat(p.caches(null)).isTrue();
  }
}
