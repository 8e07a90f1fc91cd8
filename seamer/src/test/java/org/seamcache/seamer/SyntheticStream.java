package org.seamcache.seamer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Hostile synthetic content and lossy legs for seaming tests: random bases (with wrap-around of the
 * 16-bit sequence and 32-bit timestamp inside the stream), independent and bursty loss, reordering,
 * duplicates, legs starting and ending at different points, repeated payloads (AUD/SPS/PPS-like,
 * silence runs, static scenes repeating whole blocks), and a foreign leg built from a separate
 * "encode" that shares the repeated payloads and a few coincidental identical packets.
 */
final class SyntheticStream {

  static final long AUD = 0xA0D0_0000_0000_0001L;
  static final long SPS = 0x5B5_0000_0000_0002L;
  static final long PPS = 0x9B5_0000_0000_0003L;
  static final long SILENCE = 0x511E_0000_0000_0004L;

  /** One packet as a leg delivers it; {@code content} is the true content index, -1 for foreign. */
  record Packet(int leg, int seq, long ts, long hash, int content, long arrivalNanos) {
    long ref() {
      return ((long) leg << 32) | (content & 0xFFFF_FFFFL);
    }
  }

  /** How one leg sees the content. */
  record LegPlan(int start, int end, int seqBase, long tsBase, double loss, boolean bursty, double reorder,
      double duplicate, long delayNanos, boolean foreign) {}

  final long[] hash;
  final long[] ts;

  SyntheticStream(long[] hash, long[] ts) {
    this.hash = hash;
    this.ts = ts;
  }

  int size() {
    return hash.length;
  }

  /** Content of {@code n} packets with every kind of repeated payload, or mostly unique ones. */
  static SyntheticStream content(Random rnd, int n, boolean hostileRepeats) {
    return content(rnd, n, hostileRepeats, hostileRepeats);
  }

  /** As above; {@code staticScenes} controls the repeated blocks separately. */
  static SyntheticStream content(Random rnd, int n, boolean hostileRepeats, boolean staticScenes) {
    long[] hash = new long[n];
    long[] ts = new long[n];
    long t = 0;
    int frame = 0;
    int c = 0;
    while (c < n) {
      t += 3600;
      frame++;
      if (staticScenes && rnd.nextInt(100) < 3 && c > 50) {
        // static scene: the previous block of B packets repeats R times, timestamps moving on
        int b = 5 + rnd.nextInt(40);
        int r = 2 + rnd.nextInt(4);
        int from = c - Math.min(b, c);
        for (int k = 0; k < r && c < n; k++) {
          for (int j = 0; j < b && c < n; j++, c++) {
            hash[c] = hash[from + j];
            ts[c] = t + j / 3 * 3600L;
          }
          t += (b / 3 + 1) * 3600L;
        }
        continue;
      }
      if (hostileRepeats && rnd.nextInt(100) < 3) {
        int run = 5 + rnd.nextInt(45); // silence
        for (int j = 0; j < run && c < n; j++, c++) {
          hash[c] = SILENCE;
          ts[c] = t;
          t += 1920;
        }
        continue;
      }
      if (hostileRepeats && frame % 25 == 0 && c + 2 < n) {
        hash[c] = SPS;
        ts[c++] = t;
        hash[c] = PPS;
        ts[c++] = t;
      }
      if (hostileRepeats && c < n && rnd.nextInt(100) < 30) {
        hash[c] = AUD;
        ts[c++] = t;
      }
      int packets = 1 + rnd.nextInt(4);
      for (int j = 0; j < packets && c < n; j++, c++) {
        hash[c] = rnd.nextLong();
        ts[c] = t;
      }
    }
    return new SyntheticStream(hash, ts);
  }

  /** A random plan for a leg over {@code [start, end)}; bases are often chosen to wrap inside. */
  static LegPlan plan(Random rnd, int start, int end, boolean foreign) {
    int seqBase = rnd.nextBoolean() ? 65536 - rnd.nextInt(Math.max(1, end - start)) : rnd.nextInt(65536);
    long tsBase = rnd.nextBoolean() ? (1L << 32) - rnd.nextInt(3600 * (end - start) / 2 + 1) : rnd.nextLong() >>> 32;
    double loss = new double[] {0.0, 0.02, 0.1, 0.2, 0.3}[rnd.nextInt(5)];
    return new LegPlan(start, end, seqBase & 0xFFFF, tsBase, loss, rnd.nextBoolean(), rnd.nextDouble() * 0.05,
        rnd.nextDouble() * 0.03, rnd.nextInt(500) * 1_000_000L, foreign);
  }

  /** The packets leg {@code leg} delivers under {@code plan}, in its own arrival order. */
  List<Packet> deliver(Random rnd, int leg, LegPlan plan) {
    List<Packet> out = new ArrayList<>();
    boolean bad = false;
    long foreignSeed = rnd.nextLong();
    Random foreignRnd = new Random(foreignSeed);
    for (int c = plan.start(); c < plan.end(); c++) {
      // Gilbert loss: mean burst 4 in the bad state; independent otherwise
      boolean lost;
      if (plan.bursty()) {
        bad = bad ? rnd.nextDouble() >= 0.25 : rnd.nextDouble() < plan.loss() * 0.25 / Math.max(1e-9, 1 - plan.loss());
        lost = bad;
      } else {
        lost = rnd.nextDouble() < plan.loss();
      }
      long h = hash[c];
      if (plan.foreign()) {
        boolean common = h == AUD || h == SPS || h == PPS || h == SILENCE;
        int coincidence = foreignRnd.nextInt(100);
        if (coincidence < 3) {
          h = hash[c]; // an identical picture at the very same place (the worst case for votes)
        } else if (coincidence < 6) {
          h = hash[Math.max(0, Math.min(hash.length - 1, c - 50 + foreignRnd.nextInt(100)))]; // nearby
        } else if (!common) {
          h = foreignRnd.nextLong();
        }
      }
      if (lost) {
        continue;
      }
      int seq = (plan.seqBase() + (c - plan.start())) & 0xFFFF;
      long t = (plan.tsBase() + ts[c] - ts[plan.start()]) & 0xFFFF_FFFFL;
      long arrival = c * 1_000_000L + plan.delayNanos() + rnd.nextInt(500_000);
      if (rnd.nextDouble() < plan.reorder()) {
        arrival += 1_000_000L + rnd.nextInt(20_000_000); // up to ~20 packets late
      }
      out.add(new Packet(leg, seq, t, h, plan.foreign() ? -1 : c, arrival));
      if (rnd.nextDouble() < plan.duplicate()) {
        out.add(new Packet(leg, seq, t, h, plan.foreign() ? -1 : c, arrival + rnd.nextInt(5_000_000)));
      }
    }
    out.sort(Comparator.comparingLong(Packet::arrivalNanos));
    return out;
  }

  /** All legs' packets merged by arrival time. */
  static List<Packet> interleave(List<List<Packet>> legs) {
    List<Packet> all = new ArrayList<>();
    legs.forEach(all::addAll);
    all.sort(Comparator.comparingLong(Packet::arrivalNanos));
    return all;
  }
}
