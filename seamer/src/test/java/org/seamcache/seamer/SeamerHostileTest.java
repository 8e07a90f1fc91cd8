package org.seamcache.seamer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded randomized seaming under hostile input. Properties checked for every seed:
 * no packet is placed at a wrong position (position − content index and timestamp − content time
 * are one constant each over the whole output); output strictly ordered, each position once; every
 * content index some aligned leg delivered is in the output (offline); the gaps are exactly what no
 * aligned leg delivered; the foreign leg contributes nothing; offline, exactly the legs the vote rule
 * can align ({@link AlignableLegs}, computed from the ground truth) are aligned.
 */
class SeamerHostileTest {

  /**
   * Seeds that once failed and always run: 48 and 208 placed a wrong payload live (a leg ahead of
   * the track aligned on the first copy of a static block, see seamer/README.md); 2532, 3730 and
   * 4923 have a leg whose overlap with the track holds fewer than 8 payloads unique in both (nested
   * static scenes), which the test expected aligned (see {@link AlignableLegs}).
   */
  static final long[] REGRESSION_SEEDS = {48, 208, 2532, 3730, 4923};

  static LongStream seeds() {
    Long one = Long.getLong("seamer.seed"); // -Dseamer.seed=S to replay one case
    long count = Long.getLong("seamer.seeds", 60); // -Dseamer.seeds=N for a longer hunt
    return one != null ? LongStream.of(one)
        : LongStream.concat(LongStream.rangeClosed(1, count), LongStream.of(REGRESSION_SEEDS).filter(s -> s > count));
  }

  /** What the sink saw. */
  static class Recorder implements SeamSink {
    final List<long[]> emitted = new ArrayList<>(); // position, timestamp, leg, ref
    long last = Long.MIN_VALUE;
    long divergences;

    @Override
    public void emit(long position, long timestamp, int leg, long reference) {
      assertThat(position).as("strictly increasing output").isGreaterThan(last);
      last = position;
      emitted.add(new long[] {position, timestamp, leg, reference});
    }

    @Override
    public void divergence(int leg, long position) {
      divergences++;
    }
  }

  record Scenario(SyntheticStream content, List<SyntheticStream.LegPlan> plans, List<List<SyntheticStream.Packet>> legs,
      int foreignLeg) {}

  /** Legs over a chain of overlapping ranges (each overlapping the union before it), plus maybe a foreign leg. */
  static Scenario scenario(long seed) {
    return scenario(seed, false);
  }

  /**
   * @param liveJoins legs join after the reference started (a live proxy opens extra legs later);
   *     otherwise legs start anywhere, as VOD sessions captured at different times do
   */
  static Scenario scenario(long seed, boolean liveJoins) {
    return scenario(seed, liveJoins, true);
  }

  static Scenario scenario(long seed, boolean liveJoins, boolean staticScenes) {
    Random rnd = new Random(seed);
    int n = 2000 + rnd.nextInt(6000);
    SyntheticStream content = SyntheticStream.content(rnd, n, true, staticScenes);
    int legCount = 2 + rnd.nextInt(3);
    List<SyntheticStream.LegPlan> plans = new ArrayList<>();
    int lo = rnd.nextInt(n / 4);
    int hi = lo + n / 3 + rnd.nextInt(n / 3);
    plans.add(SyntheticStream.plan(rnd, lo, Math.min(n, hi), false));
    for (int i = 1; i < legCount; i++) {
      // start anywhere that keeps at least 600 packets of overlap with what is covered so far
      int start = liveJoins ? plans.get(0).start() + rnd.nextInt(Math.max(1, hi - 600 - plans.get(0).start()))
          : Math.max(0, rnd.nextInt(Math.max(1, hi - 600)));
      int end = Math.min(n, Math.max(start + 700, lo + 600) + rnd.nextInt(n));
      plans.add(SyntheticStream.plan(rnd, start, end, false));
      lo = Math.min(lo, start);
      hi = Math.max(hi, end);
    }
    int foreign = -1;
    if (rnd.nextInt(3) == 0) {
      foreign = plans.size();
      plans.add(SyntheticStream.plan(rnd, rnd.nextInt(n / 2), n, true));
    }
    List<List<SyntheticStream.Packet>> legs = new ArrayList<>();
    for (int i = 0; i < plans.size(); i++) {
      legs.add(content.deliver(rnd, i, plans.get(i)));
    }
    return new Scenario(content, plans, legs, foreign);
  }

  static final SeamerConfig OFFLINE = SeamerConfig.offline(90_000);

  private static Seamer runOffline(Scenario s, Recorder out) {
    Seamer seamer = new Seamer(OFFLINE, out);
    s.legs().forEach(l -> seamer.addLeg());
    for (SyntheticStream.Packet p : SyntheticStream.interleave(s.legs())) {
      seamer.offer(p.leg(), p.seq(), p.ts(), p.hash(), p.ref(), p.arrivalNanos());
    }
    seamer.finish();
    return seamer;
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void offlineSeamIsExactUnderHostileInput(long seed) {
    Scenario s = scenario(seed);
    Recorder out = new Recorder();
    Seamer seamer = runOffline(s, out);
    AlignableLegs.Verdict[] expected = AlignableLegs.compute(s, OFFLINE.minVotes());
    if (Boolean.getBoolean("seamer.verbose")) {
      System.out.printf("seed %d: %d legs, foreign %d, emitted %d, gaps %d%n", seed, s.legs().size(), s.foreignLeg(),
          out.emitted.size(), seamer.output().gaps().size());
      for (int leg = 0; leg < s.legs().size(); leg++) {
        System.out.println("  " + s.plans().get(leg) + "\n    " + seamer.legReport(leg) + "\n    " + expected[leg]);
      }
    }

    BitSet delivered = new BitSet();
    BitSet aligned = new BitSet();
    for (int leg = 0; leg < s.legs().size(); leg++) {
      LegReport r = seamer.legReport(leg);
      if (leg == s.foreignLeg()) {
        assertThat(r.status()).as("foreign leg: %s", r).isEqualTo(LegStatus.NOT_ALIGNABLE);
        assertThat(r.contributed()).isZero();
        continue;
      }
      // Exactly the legs with enough unique agreeing payloads align: a leg the rule cannot align
      // legitimately stays NOT_ALIGNABLE (refusing beats guessing) and its positions are not owed.
      assertThat(r.aligned()).as("seed %d leg %d: %s, expected %s", seed, leg, r, expected[leg])
          .isEqualTo(expected[leg].alignable());
      if (!r.aligned()) {
        assertThat(r.contributed()).as("unaligned leg %d contributed", leg).isZero();
        continue;
      }
      aligned.set(leg);
      s.legs().get(leg).forEach(p -> delivered.set(p.content()));
    }
    assertPlacementExact(s.content(), out);
    BitSet emittedContent = new BitSet();
    out.emitted.forEach(e -> emittedContent.set((int) e[3]));
    BitSet leadIn = leadInPositions(s, aligned);
    BitSet mustHave = (BitSet) delivered.clone();
    mustHave.andNot(leadIn);
    BitSet missingOnes = (BitSet) mustHave.clone();
    missingOnes.andNot(emittedContent);
    assertThat(missingOnes.toString()).as("delivered positions missing from the output").isEqualTo("{}");
    BitSet extra = (BitSet) emittedContent.clone();
    extra.andNot(delivered);
    assertThat(extra.toString()).as("output positions no leg delivered").isEqualTo("{}");
    int first = emittedContent.nextSetBit(0);
    int last = emittedContent.length() - 1;
    long missing = (last - first + 1) - emittedContent.cardinality();
    assertThat(seamer.output().missing()).isEqualTo(missing);
    assertThat(seamer.output().received()).isEqualTo(emittedContent.cardinality());
    long offset = out.emitted.get(0)[0] - (int) out.emitted.get(0)[3];
    for (GapMap.Range gap : seamer.output().gaps()) {
      for (long p = gap.first(); p <= gap.last(); p++) {
        assertThat(mustHave.get((int) (p - offset))).as("gap at %d was delivered by a leg", p).isFalse();
      }
    }
  }

  /**
   * The three seeds a 5000-seed sweep found: a leg whose overlap with the track (638, 662 and 719
   * positions) lies in nested static scenes has 7, 0 and 0 payloads that occur once in it and once in
   * the track; 4923's leg 2 overlaps only that leg. Each is refused with the vote count as the
   * reason, contributes nothing, and the others are still seamed exactly (the sweep test above).
   */
  @ParameterizedTest
  @CsvSource({"2532, 1, 7", "3730, 1, 0", "4923, 1, 0", "4923, 2, 0"})
  void legWithoutEnoughUniqueMatchesIsRefusedNotGuessed(long seed, int leg, int uniqueMatches) {
    Scenario s = scenario(seed);
    Seamer seamer = runOffline(s, new Recorder());
    AlignableLegs.Verdict expected = AlignableLegs.compute(s, OFFLINE.minVotes())[leg];
    assertThat(expected.trueVotes()).isEqualTo(uniqueMatches);
    assertThat(expected.alignable()).isFalse();
    LegReport r = seamer.legReport(leg);
    assertThat(r.status()).isEqualTo(LegStatus.NOT_ALIGNABLE);
    assertThat(r.contributed()).isZero();
    assertThat(r.reason()).contains(uniqueMatches == 0 ? "no payload of this leg matches" : "only " + uniqueMatches + " matching");
  }

  /**
   * Live: legs join after the reference started, at delays up to 500 ms, with a 700 ms fill window.
   * Content has AUD/SPS/PPS repeats and silence runs but no static scenes (see the next test).
   */
  @ParameterizedTest
  @MethodSource("seeds")
  void liveSeamWithFillWindowNeverMisplaces(long seed) {
    Scenario s = scenario(seed + 1000, true, false);
    Recorder out = runLive(s);
    assertPlacementExact(s.content(), out, true);
  }

  /**
   * Live with static scenes (whole blocks repeating) and legs up to 500 ms ahead of the reference:
   * a payload counts as unique (for a vote or a confirmation) only once the track has moved the
   * repeat horizon past it, so no leg aligns on a shifted copy of a block; payloads and timestamps
   * are exact.
   */
  @ParameterizedTest
  @MethodSource("seeds")
  void liveSeamWithStaticScenesPlacesTheRightPayloads(long seed) {
    Scenario s = scenario(seed + 2000, true, true);
    Recorder out = runLive(s);
    assertPlacementExact(s.content(), out, true);
  }

  /**
   * Live as the proxy feeds it: each leg extends its own numbers once, on receipt (an absurd jump
   * dropped there, a confirmed one flagged), and the seamer takes them as they are.
   */
  @ParameterizedTest
  @MethodSource("seeds")
  void liveSeamOfNumbersExtendedByTheLegNeverMisplaces(long seed) {
    Scenario s = scenario(seed + 3000, true, true);
    Recorder out = runLive(s, true);
    assertPlacementExact(s.content(), out, true);
  }

  private static Recorder runLive(Scenario s) {
    return runLive(s, false);
  }

  private static Recorder runLive(Scenario s, boolean extendedByLeg) {
    Recorder out = new Recorder();
    SeamerConfig config = SeamerConfig.live(90_000, 700);
    Seamer seamer = new Seamer(config, out);
    s.legs().forEach(l -> seamer.addLeg());
    SeqExtender[] seqs = new SeqExtender[s.legs().size()];
    TimestampExtender[] stamps = new TimestampExtender[s.legs().size()];
    for (int i = 0; i < seqs.length; i++) {
      seqs[i] = new SeqExtender();
      stamps[i] = TimestampExtender.forClock(90_000, config.maxTimestampJumpSeconds());
    }
    for (SyntheticStream.Packet p : SyntheticStream.interleave(s.legs())) {
      if (extendedByLeg) {
        long seq = seqs[p.leg()].extend(p.seq());
        long ts = seq == SeqExtender.REJECTED ? TimestampExtender.REJECTED : stamps[p.leg()].extend(p.ts());
        if (ts != TimestampExtender.REJECTED) {
          boolean resynced = seqs[p.leg()].lastVerdict() == ExtensionVerdict.RESYNCED
              || stamps[p.leg()].lastVerdict() == ExtensionVerdict.RESYNCED;
          seamer.offerExtended(p.leg(), seq, ts, resynced, p.hash(), p.ref(), p.arrivalNanos());
        }
      } else {
        seamer.offer(p.leg(), p.seq(), p.ts(), p.hash(), p.ref(), p.arrivalNanos());
      }
      seamer.release(p.arrivalNanos());
    }
    seamer.finish();
    if (Boolean.getBoolean("seamer.verbose")) {
      for (int leg = 0; leg < s.legs().size(); leg++) {
        System.out.println("  " + s.plans().get(leg) + "\n    " + seamer.legReport(leg));
      }
    }
    if (s.foreignLeg() >= 0) {
      assertThat(seamer.legReport(s.foreignLeg()).contributed()).isZero();
    }
    long contributed = 0;
    for (int leg = 0; leg < s.legs().size(); leg++) {
      contributed += seamer.legReport(leg).contributed();
    }
    assertThat(contributed).as("every contributed packet was released").isGreaterThanOrEqualTo(out.emitted.size());
    return out;
  }

  /**
   * The oracle for the lead-in rule: legs are placed in order (offline); a leg's packets before its
   * first one that another leg already holds, inside the span those legs cover, may be skipped.
   */
  static BitSet leadInPositions(Scenario s, BitSet aligned) {
    BitSet covered = new BitSet();
    s.legs().get(0).forEach(p -> covered.set(p.content()));
    BitSet leadIn = new BitSet();
    for (int leg = 1; leg < s.legs().size(); leg++) {
      if (leg == s.foreignLeg() || !aligned.get(leg)) {
        continue;
      }
      int lo = covered.nextSetBit(0);
      int hi = covered.length() - 1;
      BitSet mine = new BitSet();
      boolean matched = false;
      for (SyntheticStream.Packet p : s.legs().get(leg)) {
        if (covered.get(p.content())) {
          matched = true;
        } else if (!matched && p.content() > lo && p.content() < hi) {
          leadIn.set(p.content());
        }
        mine.set(p.content());
      }
      covered.or(mine);
    }
    return leadIn;
  }

  /**
   * Every emitted packet carries the payload and timestamp the content has at its position (the
   * reference's packets fix the mapping); no foreign packet. Byte-identical payloads (repeats) are
   * interchangeable, so the payload is compared, not which copy supplied it.
   */
  static void assertPlacementExact(SyntheticStream content, Recorder out) {
    assertPlacementExact(content, out, true);
  }

  static void assertPlacementExact(SyntheticStream content, Recorder out, boolean timestamps) {
    assertThat(out.emitted).isNotEmpty();
    long[] anchor = out.emitted.stream().filter(e -> e[2] == 0).findFirst().orElse(out.emitted.get(0));
    long seqOffset = anchor[0] - (int) anchor[3];
    long tsOffset = anchor[1] - content.ts[(int) anchor[3]];
    for (long[] e : out.emitted) {
      int c = (int) e[3];
      assertThat(c).as("foreign packet emitted").isGreaterThanOrEqualTo(0);
      assertThat(e[2]).as("supplier of content %d", c).isEqualTo(e[3] >>> 32);
      int truth = (int) (e[0] - seqOffset);
      assertThat(truth).as("position %d is outside the content", e[0]).isBetween(0, content.size() - 1);
      assertThat(content.hash[c]).as("payload at position %d (content %d, from content %d)", e[0], truth, c)
          .isEqualTo(content.hash[truth]);
      if (timestamps) {
        assertThat(e[1] - content.ts[truth]).as("timestamp at position %d", e[0]).isEqualTo(tsOffset);
      }
    }
  }
}
