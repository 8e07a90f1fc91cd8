package org.seamcache.proxy.seam;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The leg policy with an injected clock: open, hold, close, ceilings, backoff, not alignable. */
class LegPolicyTest {
  private static final long S = 1_000_000_000L;
  private final SeamSettings settings =
      SeamSettings.defaults().withOpen(0.01, 3).withClose(0.002, Duration.ofSeconds(5)).withMaxLegs(3)
          .withBackoff(Duration.ofSeconds(10), Duration.ofSeconds(40));
  private final LegPolicy policy = new LegPolicy(settings);
  private long now;

  private LegPolicy.Decision tick(double outputLoss, double... legLoss) {
    now += S;
    return policy.observe(legLoss, outputLoss, 0, true, now);
  }

  @Test
  void opensAfterKLossyIntervalsNotBefore() {
    assertThat(tick(0.05, 0.05).kind()).isEqualTo(LegPolicy.Kind.HOLD);
    assertThat(tick(0.05, 0.05).kind()).isEqualTo(LegPolicy.Kind.HOLD);
    LegPolicy.Decision d = tick(0.05, 0.05);
    assertThat(d.kind()).isEqualTo(LegPolicy.Kind.OPEN);
    assertThat(d.reason()).contains("best leg lost 5.00%").contains("1 leg(s)");
  }

  @Test
  void aCleanIntervalRestartsTheCount() {
    tick(0.05, 0.05);
    tick(0.05, 0.05);
    tick(0.0, 0.0);
    assertThat(tick(0.05, 0.05).kind()).isEqualTo(LegPolicy.Kind.HOLD);
    assertThat(tick(0.05, 0.05).kind()).isEqualTo(LegPolicy.Kind.HOLD);
    assertThat(tick(0.05, 0.05).kind()).isEqualTo(LegPolicy.Kind.OPEN);
  }

  @Test
  void opensWhileEvenTheBestLegIsLossyEvenIfTheOutputIsClean() {
    // two legs at 5% give ~0.25% output; the best leg is still lossy, so a third helps (p^3)
    for (int i = 0; i < 2; i++) {
      assertThat(tick(0.0025, 0.05, 0.05).kind()).isEqualTo(LegPolicy.Kind.HOLD);
    }
    assertThat(tick(0.0025, 0.05, 0.05).kind()).isEqualTo(LegPolicy.Kind.OPEN);
  }

  @Test
  void neverPastTheMaximum() {
    for (int i = 0; i < 2; i++) {
      tick(0.001, 0.05, 0.05, 0.05);
    }
    LegPolicy.Decision d = tick(0.001, 0.05, 0.05, 0.05);
    assertThat(d.kind()).isEqualTo(LegPolicy.Kind.BLOCKED);
    assertThat(d.block()).isEqualTo(LegPolicy.Block.MAX_LEGS);
  }

  @Test
  void legsBeingOpenedCountTowardsTheMaximum() {
    now += S;
    policy.observe(new double[] {0.05, 0.05}, 0.01, 1, true, now);
    now += S;
    policy.observe(new double[] {0.05, 0.05}, 0.01, 1, true, now);
    now += S;
    assertThat(policy.observe(new double[] {0.05, 0.05}, 0.01, 1, true, now).block()).isEqualTo(LegPolicy.Block.MAX_LEGS);
  }

  @Test
  void closesTheNewestExtraLegOnlyAfterTheHoldTimeClean() {
    for (int i = 0; i < 4; i++) {
      assertThat(tick(0.0, 0.001, 0.0).kind()).isEqualTo(LegPolicy.Kind.HOLD);
    }
    LegPolicy.Decision d = tick(0.0, 0.001, 0.0);
    assertThat(d.kind()).isEqualTo(LegPolicy.Kind.CLOSE);
    assertThat(d.closeLeg()).isEqualTo(1);
  }

  @Test
  void aLossyLegKeepsTheExtraLegsOpenThoughTheOutputIsClean() {
    // hysteresis: the output is clean because of the extra leg; closing it would bring the loss back
    for (int i = 0; i < 10; i++) {
      assertThat(tick(0.0, 0.005, 0.004).kind()).isEqualTo(LegPolicy.Kind.HOLD);
    }
  }

  @Test
  void neverClosesTheLastLeg() {
    for (int i = 0; i < 20; i++) {
      assertThat(tick(0.0, 0.0).kind()).isEqualTo(LegPolicy.Kind.HOLD);
    }
  }

  @Test
  void aRefusalBacksOffDoublingAndCapsTheLegs() {
    assertThat(policy.refused(1, now)).isEqualTo(10 * S);
    for (int i = 0; i < 9; i++) {
      LegPolicy.Decision d = tick(0.05, 0.05);
      assertThat(d.kind()).isIn(LegPolicy.Kind.HOLD, LegPolicy.Kind.BLOCKED);
      if (d.kind() == LegPolicy.Kind.BLOCKED) {
        assertThat(d.block()).isEqualTo(LegPolicy.Block.BACKOFF);
      }
    }
    tick(0.05, 0.05); // 10 s: the backoff is over
    tick(0.05, 0.05);
    assertThat(tick(0.05, 0.05).kind()).isEqualTo(LegPolicy.Kind.OPEN);
    assertThat(policy.refused(1, now)).isEqualTo(20 * S);
    assertThat(policy.refused(1, now)).isEqualTo(40 * S);
    assertThat(policy.refused(1, now)).as("capped").isEqualTo(40 * S);
    policy.opened();
    assertThat(policy.refused(1, now)).as("a leg that started resets the doubling").isEqualTo(10 * S);
    assertThat(policy.refusals()).isEqualTo(5);
  }

  @Test
  void notAlignableStopsFurtherLegsForGood() {
    policy.notAlignable("leg 7 was not alignable");
    for (int i = 0; i < 2; i++) {
      tick(0.05, 0.05);
    }
    LegPolicy.Decision d = tick(0.05, 0.05);
    assertThat(d.block()).isEqualTo(LegPolicy.Block.NOT_ALIGNABLE);
    assertThat(d.reason()).contains("leg 7 was not alignable");
  }

  @Test
  void theOriginBudgetBlocksAnOpen() {
    for (int i = 0; i < 2; i++) {
      now += S;
      policy.observe(new double[] {0.05}, 0.05, 0, false, now);
    }
    now += S;
    assertThat(policy.observe(new double[] {0.05}, 0.05, 0, false, now).block()).isEqualTo(LegPolicy.Block.ORIGIN_BUDGET);
  }

  @Test
  void aSilentLegCountsAsTotalLossAndNoInformationChangesNothing() {
    assertThat(tick(-1, -1).kind()).isEqualTo(LegPolicy.Kind.HOLD);
    tick(1.0, 1.0);
    tick(1.0, 1.0);
    assertThat(tick(1.0, 1.0).kind()).isEqualTo(LegPolicy.Kind.OPEN);
  }
}
