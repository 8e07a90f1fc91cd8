package org.seamcache.seamer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampExtenderTest {

  private static final long TWO32 = 1L << 32;

  @Test
  void wrapsAt2To32() {
    TimestampExtender ext = TimestampExtender.forClock(90_000, 10);
    assertThat(ext.extend(TWO32 - 3000)).isEqualTo(TWO32 + TWO32 - 3000);
    assertThat(ext.extend(600)).isEqualTo(2 * TWO32 + 600);
    assertThat(ext.lastVerdict()).isEqualTo(ExtensionVerdict.ADVANCED);
    assertThat(ext.extend(TWO32 - 100)).isEqualTo(2 * TWO32 - 100);
    assertThat(ext.lastVerdict()).isEqualTo(ExtensionVerdict.LATE);
  }

  @Test
  void absurdJumpRejectedThenConfirmed() {
    TimestampExtender ext = TimestampExtender.forClock(90_000, 10);
    ext.extend(1000);
    assertThat(ext.extend(1000 + 90_000L * 3600)).isEqualTo(TimestampExtender.REJECTED);
    assertThat(ext.lastVerdict()).isEqualTo(ExtensionVerdict.REJECTED_JUMP);
    long confirmed = ext.extend(1000 + 90_000L * 3600 + 3600);
    assertThat(ext.lastVerdict()).isEqualTo(ExtensionVerdict.RESYNCED);
    assertThat(confirmed).isEqualTo(TWO32 + 1000 + 90_000L * 3600 + 3600);
    assertThat(ext.extend(1000 + 90_000L * 3600 + 7200)).isEqualTo(confirmed + 3600);
  }

  @Test
  void unconfirmedJumpLeavesNumberingAlone() {
    TimestampExtender ext = TimestampExtender.forClock(48_000, 5);
    ext.extend(0);
    assertThat(ext.extend(2_000_000_000L)).isEqualTo(TimestampExtender.REJECTED);
    assertThat(ext.extend(1024)).isEqualTo(TWO32 + 1024);
    assertThat(ext.rejected()).isEqualTo(1);
    assertThat(ext.resyncs()).isZero();
  }

  /** Random base close to the wrap, frame-sized steps, B-frame-like backward steps, long gaps. */
  @ParameterizedTest
  @ValueSource(longs = {7, 11, 19, 23, 29, 31, 37, 41, 43, 47})
  void extendedTimestampsFollowTrueTime(long seed) {
    Random rnd = new Random(seed);
    long base = TWO32 - rnd.nextInt(90_000 * 20);
    TimestampExtender ext = TimestampExtender.forClock(90_000, 10);
    long t = 0;
    Long offset = null;
    for (int i = 0; i < 100_000; i++) {
      t += rnd.nextInt(10) == 0 ? rnd.nextInt(90_000 * 5) : 3600;
      long shown = t - (rnd.nextInt(8) == 0 ? 7200 : 0); // some packets earlier than the highest
      long e = ext.extend((base + shown) & 0xFFFF_FFFFL);
      if (offset == null) {
        offset = e - shown;
      }
      assertThat(e - shown).isEqualTo(offset);
    }
    assertThat(ext.rejected()).isZero();
  }
}
