package org.seamcache.proxy.onward;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A channel offset's packets are due by their RTP timestamps, not by when they arrived. */
class ChannelTimelineTest {
  private static final long START = 1_000_000_000_000L;
  private static final long OFFSET = 5_000_000_000L;
  private final long[] firsts = {90_000, 4_294_960_000L}; // video; audio about to wrap
  private final ChannelTimeline timeline = new ChannelTimeline(START, OFFSET, t -> firsts[t], new int[] {90_000, 48_000}, () -> 42L);

  @Test
  void aPacketIsDueAtTheStartPlusTheOffsetPlusItsMediaTime() {
    assertThat(timeline.dueNanos(0, 0, 90_000)).isEqualTo(START + OFFSET);
    assertThat(timeline.dueNanos(0, 0, 90_000 + 3 * 90_000)).isEqualTo(START + OFFSET + 3_000_000_000L);
    assertThat(timeline.startsAtEpochNanos()).isEqualTo(START + OFFSET);
  }

  @Test
  void whenItArrivedDoesNotMatterAFastFetchIsStillPlayedAtTheMediasPace() {
    long a = timeline.dueNanos(0, START + 10, 90_000 + 90_000);
    long b = timeline.dueNanos(0, START + 10_000_000_000L, 90_000 + 90_000);
    assertThat(a).isEqualTo(b).isEqualTo(START + OFFSET + 1_000_000_000L);
  }

  @Test
  void timestampsWrapAndAPictureStampedBeforeTheFirstIsDueBeforeIt() {
    long afterWrap = (4_294_960_000L + 48_000) & 0xFFFFFFFFL; // one second on, past 2^32
    assertThat(timeline.dueNanos(1, 0, afterWrap)).isEqualTo(START + OFFSET + 1_000_000_000L);
    assertThat(timeline.dueNanos(0, 0, 90_000 - 3_000)).isEqualTo(START + OFFSET - 33_333_333L);
  }

  @Test
  void rtcpAndTracksWithoutAFirstPacketGoAsTheyAreReached() {
    firsts[1] = -1;
    assertThat(timeline.dueNanos(1, 0, 123)).isEqualTo(Long.MIN_VALUE);
    assertThat(timeline.dueNanos(0, 0, -1)).isEqualTo(Long.MIN_VALUE);
  }

  @Test
  void itFollowsTheChannelsOwnLegOnlyWhenTold() {
    assertThat(timeline.follows(3)).isTrue();
    ChannelTimeline own = new ChannelTimeline(START, OFFSET, t -> firsts[t], new int[] {90_000, 48_000}, () -> 42L, 2);
    assertThat(own.follows(2)).isTrue();
    assertThat(own.follows(3)).as("another viewer's leg of the same source, recorded beside it").isFalse();
  }

  @Test
  void aPlayoutFirstStandsAtNow() {
    assertThat(timeline.firstPlayAt(START)).isEqualTo(42L);
    assertThat(PlayoutTimeline.ARRIVAL.firstPlayAt(START)).isEqualTo(START);
  }
}
