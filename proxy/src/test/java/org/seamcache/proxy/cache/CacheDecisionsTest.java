package org.seamcache.proxy.cache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The ring keeps the newest decisions only; a copy's served count counts the answers it gave from disk. */
class CacheDecisionsTest {

  @Test
  void keepsTheNewestFiftyAndCountsAnswersFromDisk() {
    CacheDecisions d = new CacheDecisions();
    for (int i = 0; i < 120; i++) {
      CacheDecision.Kind kind = i % 3 == 0 ? CacheDecision.Kind.HIT : i % 3 == 1 ? CacheDecision.Kind.MISS : CacheDecision.Kind.STALE;
      d.record(new CacheDecision(1_000L + i, "rtsp://origin/t", i % 3 == 1 ? "" : "c1", "127.0.0.1:" + (4000 + i), kind, "n " + i));
    }
    assertThat(d.recent()).hasSize(CacheDecisions.KEPT);
    assertThat(d.recent().get(0).atMillis()).as("oldest kept").isEqualTo(1_000L + 70);
    assertThat(d.recent().get(CacheDecisions.KEPT - 1).viewer()).isEqualTo("127.0.0.1:4119");
    assertThat(d.servedFromCache("c1")).as("HIT and STALE answers of c1").isEqualTo(80);
    assertThat(d.servedFromCache("c2")).isZero();
    assertThat(d.lastRevalidation("c1")).isNull();
    d.revalidated("c1", 5_000, "unchanged (ETag \"v1\")");
    assertThat(d.lastRevalidation("c1")).isEqualTo(new CacheDecisions.Revalidation(5_000, "unchanged (ETag \"v1\")"));
  }

  @Test
  void aCopysAgeIsJudgedByTheBoundThatAppliesToIt() {
    OriginValidators maxAge = new OriginValidators("public, max-age=60", null, null, "1", "m=video", 0);
    CacheFreshness.Age a = CacheFreshness.age(maxAge, 0, 61_000, null);
    assertThat(a.fresh()).isFalse();
    assertThat(a.ageSeconds()).isEqualTo(61);
    assertThat(a.source()).isEqualTo("origin max-age");
    CacheFreshness.Age none = CacheFreshness.age(new OriginValidators(null, null, null, "1", "m=video", 0), 0, 61_000, null);
    assertThat(none.fresh()).isTrue();
    assertThat(none.source()).isEqualTo("none");
    CacheFreshness.Age route = CacheFreshness.age(new OriginValidators(null, null, null, "1", "m=video", 0), 0, 61_000,
        java.time.Duration.ofSeconds(120));
    assertThat(route.fresh()).isTrue();
    assertThat(route.source()).isEqualTo("route cache-max-age");
    assertThat(CacheFreshness.age(new OriginValidators("no-cache", null, null, "1", "m=video", 0), 0, 0, null).fresh()).isFalse();
  }
}
