package org.seamcache.seamer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Hand-made hostile cases the random scenarios may not hit. */
class SeamerCasesTest {

  private static final int N = 3000;

  /** Unique random content, one packet per frame. */
  private static long[] uniqueContent(long seed) {
    Random rnd = new Random(seed);
    long[] h = new long[N];
    for (int i = 0; i < N; i++) {
      h[i] = rnd.nextLong();
    }
    return h;
  }

  private static void offer(Seamer s, int leg, int seqBase, long tsBase, int content, long[] hash, long arrival) {
    s.offer(leg, (seqBase + content) & 0xFFFF, (tsBase + content * 3000L) & 0xFFFF_FFFFL, hash[content],
        ((long) leg << 32) | content, arrival);
  }

  @Test
  void legThatOnlyCoversARepeatingSceneNeverLandsAtAWrongPlace() {
    long[] h = uniqueContent(1);
    // content 1000..1999 is a block of 50 payloads repeated 20 times (a static scene)
    for (int i = 1050; i < 2000; i++) {
      h[i] = h[1000 + (i - 1000) % 50];
    }
    SeamerHostileTest.Recorder out = new SeamerHostileTest.Recorder();
    Seamer s = new Seamer(SeamerConfig.offline(90_000), out);
    s.addLeg();
    s.addLeg();
    for (int c = 0; c < N; c++) {
      if (c % 7 != 3) {
        offer(s, 0, 100, 5, c, h, c);
      }
    }
    for (int c = 1210; c < 1890; c++) { // leg 1 sees only the repeating part
      offer(s, 1, 40_000, 77, c, h, N + c);
    }
    s.finish();
    LegReport leg1 = s.legReport(1);
    assertThat(leg1.status()).isEqualTo(LegStatus.NOT_ALIGNABLE);
    assertThat(leg1.contributed()).isZero();
    assertThat(leg1.reason()).contains("no payload of this leg matches");
  }

  /** As the proxy feeds a live seamer: the leg extended the numbers and says where a jump was confirmed. */
  @Test
  void sequenceRestartFlaggedByTheLegRealignsAndKeepsPlacingCorrectly() {
    long[] h = uniqueContent(3);
    SeamerHostileTest.Recorder out = new SeamerHostileTest.Recorder();
    Seamer s = new Seamer(SeamerConfig.live(90_000, 50), out);
    s.addLeg();
    s.addLeg();
    SeqExtender[] seq = {new SeqExtender(), new SeqExtender()};
    TimestampExtender[] ts = {TimestampExtender.forClock(90_000, 600), TimestampExtender.forClock(90_000, 600)};
    for (int c = 0; c < N; c++) {
      long t = c * 1_000_000L;
      int base = c < 1500 ? 30_000 : 5_000; // leg 1 restarts its sequence numbers at content 1500
      for (int leg = 0; leg < 2; leg++) {
        if (c % 5 == leg) {
          continue;
        }
        long x = seq[leg].extend(((leg == 0 ? 10 : base) + c) & 0xFFFF);
        long y = x == SeqExtender.REJECTED ? TimestampExtender.REJECTED : ts[leg].extend((leg * 1_000_000L + c * 3000L) & 0xFFFF_FFFFL);
        if (y != TimestampExtender.REJECTED) {
          boolean resynced = seq[leg].lastVerdict() == ExtensionVerdict.RESYNCED;
          s.offerExtended(leg, x, y, resynced, h[c], ((long) leg << 32) | c, t + leg);
        }
      }
      s.release(t);
    }
    s.finish();
    assertThat(s.legReport(1).status()).isEqualTo(LegStatus.ALIGNED);
    assertThat(s.legReport(1).realignments()).isEqualTo(1);
    assertThat(s.legReport(1).divergences()).isZero();
    long[] first = out.emitted.get(0);
    for (long[] e : out.emitted) {
      assertThat(e[0] - (int) e[3]).as("nothing misplaced").isEqualTo(first[0] - (int) first[3]);
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void sequenceRestartMidStreamRealignsAndKeepsPlacingCorrectly(boolean offline) {
    long[] h = uniqueContent(2);
    SeamerHostileTest.Recorder out = new SeamerHostileTest.Recorder();
    Seamer s = new Seamer(offline ? SeamerConfig.offline(90_000) : SeamerConfig.live(90_000, 50), out);
    s.addLeg();
    s.addLeg();
    for (int c = 0; c < N; c++) {
      long t = c * 1_000_000L;
      if (c % 5 != 0) {
        offer(s, 0, 10, 0, c, h, t);
      }
      // leg 1 restarts its sequence numbers (new base) at content 1500, timestamps continue
      int base = c < 1500 ? 30_000 : 5_000;
      if (c % 5 != 1) {
        offer(s, 1, base, 1_000_000, c, h, t + 1);
      }
      s.release(t);
    }
    s.finish();
    LegReport leg1 = s.legReport(1);
    assertThat(leg1.status()).isEqualTo(LegStatus.ALIGNED);
    if (!offline) {
      assertThat(leg1.realignments()).isEqualTo(1);
      // a few packets pass while it aligns and realigns; and a leg at the track's front is trusted
      // only once the track has moved the repeat horizon past its matches, so the reference's losses
      // (every 5th) inside that horizon, twice, become gaps rather than unverified fills
      int horizonLosses = 2 * SeamerConfig.LIVE_REPEAT_HORIZON_PACKETS / 5;
      assertThat(out.emitted.size()).isGreaterThan(N - 20 - horizonLosses);
    } else {
      // offline: each side of the jump is aligned on its own; the second side's lead-in (packets before
      // its first match, here content 1500, which leg 0 lost) is skipped by rule
      assertThat(out.emitted.size() + leg1.leadInSkipped()).isEqualTo(N);
      assertThat(leg1.leadInSkipped()).isEqualTo(1);
    }
    long[] first = out.emitted.get(0);
    for (long[] e : out.emitted) {
      assertThat(e[0] - (int) e[3]).isEqualTo(first[0] - (int) first[3]);
    }
  }

  @Test
  void damagedPacketIsADivergenceNotARealignment() {
    long[] h = uniqueContent(3);
    SeamerHostileTest.Recorder out = new SeamerHostileTest.Recorder();
    Seamer s = new Seamer(SeamerConfig.offline(90_000), out);
    s.addLeg();
    s.addLeg();
    for (int c = 0; c < N; c++) {
      offer(s, 0, 10, 0, c, h, c * 10L);
    }
    for (int c = 0; c < N; c++) {
      long[] damaged = h;
      if (c == 2000) {
        damaged = h.clone();
        damaged[c] ^= 1;
      }
      offer(s, 1, 600, 9, c, damaged, N * 10L + c);
    }
    s.finish();
    LegReport leg1 = s.legReport(1);
    assertThat(leg1.divergences()).isEqualTo(1);
    assertThat(leg1.realignments()).isZero();
    assertThat(out.divergences).isEqualTo(1);
    assertThat(out.emitted).hasSize(N);
  }

  @Test
  void silenceOnlyLegIsNotAlignable() {
    long[] h = uniqueContent(4);
    for (int i = 500; i < 1500; i++) {
      h[i] = SyntheticStream.SILENCE;
    }
    SeamerHostileTest.Recorder out = new SeamerHostileTest.Recorder();
    Seamer s = new Seamer(SeamerConfig.offline(48_000), out);
    s.addLeg();
    s.addLeg();
    for (int c = 0; c < N; c++) {
      offer(s, 0, 1, 1, c, h, c);
    }
    for (int c = 600; c < 1400; c++) {
      offer(s, 1, 2, 2, c, h, N + c);
    }
    s.finish();
    assertThat(s.legReport(1).status()).isEqualTo(LegStatus.NOT_ALIGNABLE);
    assertThat(out.emitted).hasSize(N);
  }

  @Test
  void legStartingBeforeTheReferenceExtendsTheNumberingBackwards() {
    long[] h = uniqueContent(5);
    SeamerHostileTest.Recorder out = new SeamerHostileTest.Recorder();
    Seamer s = new Seamer(SeamerConfig.offline(90_000), out);
    s.addLeg();
    s.addLeg();
    for (int c = 1000; c < N; c++) {
      offer(s, 0, 0, 0, c, h, c); // reference: seq 1000.. (its extended numbers 65536+1000..)
    }
    for (int c = 0; c < 2000; c++) {
      offer(s, 1, 33_333, 123, c, h, c);
    }
    s.finish();
    assertThat(out.emitted).hasSize(N);
    long[] firstOut = out.emitted.get(0);
    assertThat(firstOut[3] & 0xFFFF_FFFFL).isZero();
    assertThat(firstOut[0] & 0xFFFF).isZero(); // seq 1000 - 1000: the numbers before the reference's start
    assertThat(firstOut[1] & 0xFFFF_FFFFL).isZero(); // timestamps likewise: content 0 is 1000 frames before
    assertThat(s.output().gaps()).isEmpty();
  }

  @Test
  void liveFillWindowWaitsForTheOtherLegThenGivesUp() {
    long[] h = uniqueContent(6);
    List<long[]> gaps = new ArrayList<>();
    SeamerHostileTest.Recorder out = new SeamerHostileTest.Recorder() {
      @Override
      public void gap(long first, long last) {
        gaps.add(new long[] {first, last});
      }
    };
    long ms = 1_000_000L;
    Seamer s = new Seamer(SeamerConfig.live(90_000, 100), out);
    s.addLeg();
    s.addLeg();
    // 1 packet per ms on both legs; leg 1 lags 50 ms; leg 0 loses 500, both lose 800
    for (int c = 0; c < 1000; c++) {
      long t0 = c * ms;
      if (c != 500 && c != 800) {
        offer(s, 0, 7, 7, c, h, t0);
        s.release(t0);
      }
      if (c >= 50) {
        int d = c - 50;
        if (d != 800) {
          offer(s, 1, 9, 9, d, h, t0);
          s.release(t0);
        }
      }
    }
    s.release(2000 * ms);
    assertThat(out.emitted.stream().mapToLong(e -> e[3] & 0xFFFF_FFFFL)).contains(500L).doesNotContain(800L);
    assertThat(gaps).hasSize(1);
    assertThat(gaps.get(0)[1] - gaps.get(0)[0]).isZero();
  }

  /**
   * Stored content: an extra leg starts 2 s ahead of the viewer's (the reference). Behind the
   * reference, its copies wait until the reference gets there and fill the reference's gaps; without
   * that rule, once trusted it pulls the output ahead of the viewer, and its own gaps have no copy
   * within the fill window (the reference's come 2 s later), so they go out as gaps.
   */
  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void legAheadOfTheReferenceFillsItsGapsWhenTheReferenceGetsThere(boolean behind) {
    long[] h = uniqueContent(8);
    long ms = 1_000_000L;
    long[] now = {0};
    List<long[]> emitTimes = new ArrayList<>(); // content index, time emitted
    List<Long> gapped = new ArrayList<>();
    SeamerHostileTest.Recorder out = new SeamerHostileTest.Recorder() {
      @Override
      public void emit(long position, long timestamp, int leg, long reference) {
        super.emit(position, timestamp, leg, reference);
        emitTimes.add(new long[] {reference & 0xFFFF_FFFFL, now[0]});
      }

      @Override
      public void gap(long first, long last) {
        for (long p = first; p <= last; p++) {
          gapped.add(p);
        }
      }
    };
    SeamerConfig live = SeamerConfig.live(90_000, 200);
    Seamer s = new Seamer(behind ? live.behindReference() : live, out);
    s.addLeg();
    s.addLeg();
    // one packet per ms; the reference plays content c at c ms and loses c % 10 == 5; leg 1 plays
    // content 2100.. at (c - 2000) ms, 2 s ahead, and loses c % 10 == 7
    for (long t = 0; t < N + 500; t++) {
      now[0] = t * ms;
      int c0 = (int) t;
      if (c0 < N && c0 % 10 != 5) {
        offer(s, 0, 10, 0, c0, h, now[0]);
      }
      int c1 = (int) t + 2000;
      if (c1 >= 2100 && c1 < N && c1 % 10 != 7) {
        offer(s, 1, 40_000, 5_000, c1, h, now[0]);
      }
      s.release(now[0]);
    }
    long position0 = out.emitted.get(0)[0]; // content 0's position
    long lostLate = gapped.stream().filter(p -> p - position0 >= 2300).count();
    if (behind) {
      // from shortly after leg 1 aligned on, every gap of the reference is filled
      assertThat(lostLate).isZero();
      assertThat(emitTimes.stream().filter(e -> e[0] >= 2300)).hasSize(N - 2300);
      for (long[] e : emitTimes) {
        assertThat(e[1]).as("content %d goes out when the reference gets there", e[0]).isGreaterThanOrEqualTo(e[0] * ms);
      }
    } else {
      assertThat(lostLate).isGreaterThan(50); // leg 1's own losses, the reference's copies too late
    }
  }

  @Test
  void anchorsAreCheckedAgainstThePayloadAlignment() {
    long[] h = uniqueContent(7);
    SeamerHostileTest.Recorder out = new SeamerHostileTest.Recorder();
    Seamer s = new Seamer(SeamerConfig.offline(90_000), out);
    s.addLeg();
    s.addLeg();
    s.addLeg();
    // content index c has media time c·3000 ticks = c/30 s; leg 0 plays from c=0, legs 1 and 2 from c=300 (npt 10 s)
    s.anchor(0, 1_000, 0);
    s.anchor(1, 5_000_000, 10_000_000); // exact RTP-Info
    s.anchor(2, 77, 10_000_000); // stale rtptime, as the real origin sends after a seek
    for (int c = 0; c < N; c++) {
      offer(s, 0, 100, 1_000, c, h, c);
    }
    for (int c = 300; c < N; c++) {
      s.offer(1, (9 + c) & 0xFFFF, (5_000_000 + (c - 300) * 3000L) & 0xFFFF_FFFFL, h[c], (1L << 32) | c, N + c);
      s.offer(2, (7 + c) & 0xFFFF, (900_000 + (c - 300) * 3000L) & 0xFFFF_FFFFL, h[c], (2L << 32) | c, N + c);
    }
    s.finish();
    assertThat(s.legReport(1).anchorDisagreementTicks()).isZero();
    assertThat(s.legReport(2).anchorDisagreementTicks()).isEqualTo(77 - 900_000); // RTP-Info is 899,923 ticks early
    assertThat(s.legReport(2).aligned()).isTrue(); // the payloads decide, the anchor is only reported
    assertThat(s.legReport(0).anchorDisagreementTicks()).isZero();
  }
}
