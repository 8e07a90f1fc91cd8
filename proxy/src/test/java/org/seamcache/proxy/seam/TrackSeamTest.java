package org.seamcache.proxy.seam;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.seamcache.proxy.upstream.ReceivedRtp;
import org.seamcache.seamer.RtpHeader;
import org.seamcache.seamer.SeamerConfig;

/**
 * The live seam of one track with an injected clock: positions come out in order, a gap waits the
 * fill window for another leg's copy, and a leg that dies in the middle of a window leaves the rest
 * to the others.
 */
class TrackSeamTest {
  private static final long MS = 1_000_000L;
  private final List<long[]> out = new ArrayList<>(); // {position, leg, reference}
  private final TrackSeam seam = new TrackSeam(0, SeamerConfig.live(90_000, 200), (t, p, ts, leg, ref) -> out.add(new long[] {p, leg, ref}));

  /** A packet as its leg extended it (legs number their first packet 65536 + seq, as SeqExtender does). */
  private static ReceivedRtp rtp(long seq, long timestamp, long hash) {
    RtpHeader h = new RtpHeader(false, 96, (int) (seq & 0xFFFF), timestamp & 0xFFFF_FFFFL, 0x1234, 12, 100);
    return new ReceivedRtp(h, (1 << 16) + seq, (1L << 32) + timestamp, hash, false);
  }

  /** A payload unique to content index {@code i} (no repeats: every packet can vote). */
  private static long hash(int i) {
    return 0x9E37_79B9_7F4A_7C15L * (i + 1);
  }

  @Test
  void aLegThatDiesMidWindowLeavesTheRestToTheOthers() {
    int a = seam.addLeg();
    int b = seam.addLeg();
    long now = 0;
    // both legs carry content 0..399 with their own bases; b is 5 ms behind a
    for (int i = 0; i < 400; i++) {
      now = i * 10 * MS;
      boolean aAlive = i < 300; // a dies at content 300, with positions still inside the window
      boolean aLoses = i % 7 == 3;
      if (aAlive && !aLoses) {
        seam.offer(a, rtp(1000 + i, 5000L + 3000L * i, hash(i)), 10_000 + i, now);
      }
      seam.offer(b, rtp(60_000 + i, 777_000L + 3000L * i, hash(i)), 20_000 + i, now + 5 * MS);
      seam.release(now + 5 * MS);
    }
    seam.release(now + 1000 * MS);
    long[] positions = out.stream().mapToLong(x -> x[0]).toArray();
    for (int i = 1; i < positions.length; i++) {
      assertThat(positions[i]).isGreaterThan(positions[i - 1]);
    }
    // every reference maps back to the content index the position stands for: nothing misplaced
    long first = positions[0];
    for (long[] x : out) {
      int content = (int) (x[0] - first);
      long expectedRef = (x[1] == a ? 10_000 : 20_000) + content;
      assertThat(x[2]).as("position %d from leg %d", x[0], x[1]).isEqualTo(expectedRef);
    }
    // b filled a's losses once aligned, and everything after a died
    assertThat(out.stream().filter(x -> x[1] == b).count()).isGreaterThan(100);
    assertThat(out.get(out.size() - 1)[0] - first).as("the output reached the end of b's content").isEqualTo(399);
    assertThat(seam.divergences()).isZero();
    double lossAfterAlignment = (double) seam.gaps() / (seam.gaps() + seam.emitted());
    assertThat(lossAfterAlignment).isLessThan(0.05); // a alone lost 1 in 7 (14%)
  }

  @Test
  void aGapIsReleasedOnlyAfterTheFillWindow() {
    int a = seam.addLeg();
    seam.offer(a, rtp(1, 0, hash(1)), 1, 0);
    seam.offer(a, rtp(3, 6000, hash(3)), 3, 20 * MS); // position of seq 2 missing
    seam.release(100 * MS);
    assertThat(out).hasSize(1); // 2 waits for a copy; 3 waits behind it
    assertThat(seam.nextReleaseNanos()).as("the window runs from 3's arrival").isEqualTo(220 * MS);
    seam.release(221 * MS);
    assertThat(out).hasSize(2);
    assertThat(seam.nextReleaseNanos()).as("no window runs: only an arrival can release more").isEqualTo(Long.MAX_VALUE);
    assertThat(seam.gaps()).isEqualTo(1);
    assertThat(seam.takeIntervalLoss()).isEqualTo(1.0 / 3);
    assertThat(seam.takeIntervalLoss()).as("a new interval, nothing released yet").isEqualTo(-1);
  }
}
