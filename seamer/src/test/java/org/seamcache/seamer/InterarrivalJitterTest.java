package org.seamcache.seamer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InterarrivalJitterTest {

  @Test
  void constantTransitHasNoJitterEvenAcrossTheWrap() {
    InterarrivalJitter jitter = new InterarrivalJitter(90_000);
    long ts = 0xFFFF_FFFFL - 36_000;
    for (int i = 0; i < 100; i++) {
      jitter.update(ts & 0xFFFF_FFFFL, 5_000_000_000L + i * 40_000_000L);
      ts += 3600;
    }
    assertThat(jitter.jitterTicks()).isZero();
  }

  @Test
  void alternatingDelayConvergesToItsSize() {
    InterarrivalJitter jitter = new InterarrivalJitter(90_000);
    for (int i = 0; i < 2000; i++) {
      long extraNanos = (i % 2) * 10_000_000L; // every other packet 10 ms late: |D| = 900 ticks
      jitter.update(i * 3600L, i * 40_000_000L + extraNanos);
    }
    assertThat(jitter.jitterTicks()).isBetween(890L, 900L);
  }
}
