package org.seamcache.seamer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LossMeterTest {

  private static final long MS = 1_000_000L;

  @Test
  void countsHolesDuplicatesAndReorderPerInterval() {
    LossMeter meter = new LossMeter(100 * MS, 2, 64);
    long[] seqs = {10, 11, 13, 12, 12, 15, 16, 17, 18, 19};
    for (int i = 0; i < seqs.length; i++) {
      meter.record(seqs[i], i * MS);
    }
    LossInterval iv = meter.poll(100 * MS);
    assertThat(iv).isNotNull();
    // judged up to 19 - 2 = 17: positions 10..17, only 14 missing
    assertThat(iv.expected()).isEqualTo(8);
    assertThat(iv.lost()).isEqualTo(1);
    assertThat(iv.duplicates()).isEqualTo(1);
    assertThat(iv.reordered()).isEqualTo(1);
    assertThat(iv.arrivals()).isEqualTo(10);
    assertThat(iv.lossFraction()).isEqualTo(1.0 / 8);
    assertThat(meter.cumulativeLost()).isEqualTo(1);
    assertThat(meter.poll(150 * MS)).isNull();
  }

  @Test
  void packetReorderedAcrossAnIntervalBoundaryIsNotLost() {
    LossMeter meter = new LossMeter(10 * MS, 8, 64);
    for (long s = 0; s < 100; s++) {
      if (s != 95) {
        meter.record(s, s * MS / 10); // 100 packets in 10 ms
      }
    }
    LossInterval first = meter.poll(10 * MS);
    meter.record(95, 11 * MS); // arrives in the next interval, within the 8-packet grace
    for (long s = 100; s < 200; s++) {
      meter.record(s, 11 * MS + s * 1000);
    }
    LossInterval second = meter.poll(20 * MS);
    assertThat(first.lost() + second.lost()).isZero();
    assertThat(first.expected() + second.expected()).isEqualTo(192);
    assertThat(second.reordered()).isEqualTo(1);
  }

  @Test
  void timeGraceJudgesAHoleAfterTheSameWaitWhateverThePacketRate() {
    // 90 packets/s: a 256-packet grace would wait ~2.8 s; a 150 ms grace judges the hole in the first interval
    LossMeter meter = LossMeter.withTimeGrace(1000 * MS, 150 * MS);
    for (long s = 0; s < 90; s++) {
      if (s != 40) {
        meter.record(s, s * 1000 * MS / 90);
      }
    }
    LossInterval first = meter.poll(1000 * MS);
    assertThat(first.lost()).isEqualTo(1);
    // judged up to what had arrived by 850 ms (about packet 76), not beyond
    assertThat(first.expected()).isBetween(70L, 80L);
  }

  @Test
  void timeGraceForgivesAPacketReorderedWithinIt() {
    LossMeter meter = LossMeter.withTimeGrace(1000 * MS, 150 * MS);
    for (long s = 0; s < 200; s++) {
      if (s != 80) {
        meter.record(s, s * 10 * MS);
      }
      if (s == 90) {
        meter.record(80, s * 10 * MS); // 100 ms late: within the grace
      }
    }
    meter.poll(2500 * MS); // intervals also close as packets arrive; judge everything
    assertThat(meter.cumulativeJudgedLost()).isZero();
    assertThat(meter.cumulativeReordered()).isEqualTo(1);
    assertThat(meter.lastInterval().expected()).isPositive();
  }

  @Test
  void silentLegStillProducesIntervals() {
    LossMeter meter = new LossMeter(100 * MS);
    meter.record(1, 0);
    meter.poll(100 * MS);
    LossInterval silent = meter.poll(200 * MS);
    assertThat(silent).isNotNull();
    assertThat(silent.arrivals()).isZero();
    LegCountAdvisor advisor = new LegCountAdvisor(0.05, 0.01, 1, 3);
    assertThat(advisor.observe(silent)).isEqualTo(LegCountAdvisor.Advice.OPEN_LEG);
  }

  /**
   * Through a SeqExtender (random base, wraps), with loss, duplicates and bounded reordering: the
   * sum of lost over all intervals equals the true number of missing positions, and duplicates are
   * counted exactly.
   */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
  void intervalLossAddsUpToTrueLoss(long seed) {
    Random rnd = new Random(seed);
    int n = 150_000;
    int base = rnd.nextInt(65536);
    List<Long> arrivals = new ArrayList<>();
    long trueMissing = 0;
    int dups = 0;
    for (long i = 0; i < n; i++) {
      boolean lose = i > 0 && i < n - 1 && rnd.nextInt(100) < 10;
      if (lose) {
        trueMissing++;
        continue;
      }
      arrivals.add(i);
      if (rnd.nextInt(100) < 3) {
        arrivals.add(i);
        dups++;
      }
    }
    // disjoint swaps, so no packet moves more than 60 positions (the grace is 64)
    for (int a = 1; a + 40 < arrivals.size(); a += 40) {
      int b = a + 1 + rnd.nextInt(30);
      if (rnd.nextBoolean() && arrivals.get(b) - arrivals.get(a) < 60) {
        Collections.swap(arrivals, a, b);
      }
    }
    SeqExtender ext = new SeqExtender();
    LossMeter meter = new LossMeter(20 * MS, 64, 1024);
    long lost = 0;
    long duplicates = 0;
    long now = 0;
    for (long pos : arrivals) {
      now += 100_000 + rnd.nextInt(50_000);
      LossInterval iv = meter.poll(now);
      if (iv != null) {
        lost += iv.lost();
        duplicates += iv.duplicates();
        assertThat(iv.lossFraction()).isBetween(0.0, 1.0);
      }
      meter.record(ext.extend((int) ((base + pos) & 0xFFFF)), now);
    }
    LossInterval tail = meter.poll(now + 20 * MS);
    lost += tail.lost();
    duplicates += tail.duplicates();
    assertThat(lost).isEqualTo(meter.cumulativeJudgedLost());
    assertThat(lost + (meter.cumulativeLost() - meter.cumulativeJudgedLost())).isEqualTo(trueMissing);
    assertThat(meter.cumulativeLost()).isEqualTo(trueMissing);
    assertThat(duplicates).isEqualTo(dups);
    assertThat(meter.cumulativeDuplicates()).isEqualTo(dups);
    assertThat(meter.cumulativeTooLate()).isZero();
  }

  @Test
  void advisorHasHysteresis() {
    LegCountAdvisor advisor = new LegCountAdvisor(0.05, 0.01, 2, 3);
    LossInterval bad = new LossInterval(0, 1, 100, 10, 90, 0, 0, 0);
    LossInterval middling = new LossInterval(0, 1, 100, 3, 97, 0, 0, 0);
    LossInterval clean = new LossInterval(0, 1, 100, 0, 100, 0, 0, 0);
    assertThat(advisor.observe(bad)).isEqualTo(LegCountAdvisor.Advice.HOLD);
    assertThat(advisor.observe(middling)).isEqualTo(LegCountAdvisor.Advice.HOLD);
    assertThat(advisor.observe(bad)).isEqualTo(LegCountAdvisor.Advice.HOLD);
    assertThat(advisor.observe(bad)).isEqualTo(LegCountAdvisor.Advice.OPEN_LEG);
    assertThat(advisor.observe(clean)).isEqualTo(LegCountAdvisor.Advice.HOLD);
    assertThat(advisor.observe(clean)).isEqualTo(LegCountAdvisor.Advice.HOLD);
    assertThat(advisor.observe(middling)).isEqualTo(LegCountAdvisor.Advice.HOLD);
    assertThat(advisor.observe(clean)).isEqualTo(LegCountAdvisor.Advice.HOLD);
    assertThat(advisor.observe(clean)).isEqualTo(LegCountAdvisor.Advice.HOLD);
    assertThat(advisor.observe(clean)).isEqualTo(LegCountAdvisor.Advice.CLOSE_LEG);
  }
}
