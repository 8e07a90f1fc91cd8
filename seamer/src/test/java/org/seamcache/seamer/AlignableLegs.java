package org.seamcache.seamer;

import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Test oracle: which legs of a {@link SeamerHostileTest.Scenario} the offline vote rule can align,
 * computed from the ground truth (content indices) instead of the seamer's own bookkeeping.
 *
 * <p>Why it is needed: static scenes copy the previous block, which may itself be a copy, so the
 * generated content has stretches of hundreds of packets in which every payload occurs several
 * times. A leg whose overlap with the track lies in such a stretch (or is short and lossy) has fewer
 * than {@code minVotes} payloads that occur once in the leg and once in the track, and refusing it is
 * the seamer's contract (a repeated payload matches a shifted copy as well as the right one).
 *
 * <p>The rule as {@link LegAligner} applies it offline: a vote is a payload the leg delivered at one
 * content index only and the track holds at one position only; it proposes (track position − leg
 * index, track timestamp − leg timestamp). A leg aligns when the true pair (0, 0) has at least
 * {@code minVotes} votes and no other pair has {@code minVotes} or more than a quarter of them (the
 * overlap check cannot fail at the true offset: the content is the same). As in
 * {@link Seamer#finish()}, legs are tried in order, repeatedly, each aligned leg adding the
 * positions it fills (not those skipped as lead-in) to the track. Stateless; any thread.
 */
final class AlignableLegs {

  private AlignableLegs() {}

  /** The outcome for one leg: whether the rule aligns it, and the votes for the true offset. */
  record Verdict(boolean alignable, int trueVotes, int rivalVotes) {}

  private record Offset(int seq, long ts) {}

  static Verdict[] compute(SeamerHostileTest.Scenario s, int minVotes) {
    SyntheticStream content = s.content();
    List<List<SyntheticStream.Packet>> legs = s.legs();
    Verdict[] verdicts = new Verdict[legs.size()];
    BitSet track = new BitSet();
    legs.get(0).forEach(p -> track.set(p.content()));
    verdicts[0] = new Verdict(true, 0, 0);
    boolean progress = true;
    while (progress) {
      progress = false;
      for (int leg = 1; leg < legs.size(); leg++) {
        if (leg == s.foreignLeg() || (verdicts[leg] != null && verdicts[leg].alignable())) {
          continue;
        }
        verdicts[leg] = judge(content, legs.get(leg), track, minVotes);
        if (verdicts[leg].alignable()) {
          fill(legs.get(leg), track);
          progress = true;
        }
      }
    }
    if (s.foreignLeg() >= 0) {
      verdicts[s.foreignLeg()] = new Verdict(false, 0, 0);
    }
    return verdicts;
  }

  private static Verdict judge(SyntheticStream content, List<SyntheticStream.Packet> leg, BitSet track, int minVotes) {
    Map<Long, Integer> legIndex = uniqueIndex(content, leg.stream().mapToInt(SyntheticStream.Packet::content).toArray());
    Map<Long, Integer> trackIndex = uniqueIndex(content, track.stream().toArray());
    Map<Offset, Integer> votes = new HashMap<>();
    int trueVotes = 0;
    for (Map.Entry<Long, Integer> e : legIndex.entrySet()) {
      Integer at = e.getValue() < 0 ? null : trackIndex.get(e.getKey());
      if (at == null || at < 0) {
        continue;
      }
      int i = e.getValue();
      if (at == i) {
        trueVotes++;
      } else {
        votes.merge(new Offset(at - i, content.ts[at] - content.ts[i]), 1, Integer::sum);
      }
    }
    int rival = votes.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    boolean alignable = trueVotes >= minVotes && rival < minVotes && rival * 4 <= trueVotes;
    return new Verdict(alignable, trueVotes, rival);
  }

  /** Payload → its only content index among {@code indices}, or −1 when it occurs at several. */
  private static Map<Long, Integer> uniqueIndex(SyntheticStream content, int[] indices) {
    Map<Long, Integer> m = new HashMap<>();
    for (int i : indices) {
      m.merge(content.hash[i], i, (a, b) -> a.equals(b) ? a : -1);
    }
    return m;
  }

  /** Adds the positions an aligned leg fills: all but its lead-in (before its first match, inside the track). */
  private static void fill(List<SyntheticStream.Packet> leg, BitSet track) {
    int lo = track.nextSetBit(0);
    int hi = track.length() - 1;
    BitSet mine = new BitSet();
    boolean matched = false;
    for (SyntheticStream.Packet p : leg) {
      if (track.get(p.content())) {
        matched = true;
      } else if (matched || p.content() <= lo || p.content() >= hi) {
        mine.set(p.content());
      }
    }
    track.or(mine);
  }
}
