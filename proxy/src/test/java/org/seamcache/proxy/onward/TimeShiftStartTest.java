package org.seamcache.proxy.onward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.seamcache.proxy.rtsp.RangeHeader;
import org.seamcache.proxy.rtsp.RtspStatusException;

class TimeShiftStartTest {
  private static final long NOW = Instant.parse("2026-12-03T07:30:00Z").getEpochSecond() * 1_000_000_000L;

  private static RangeHeader range(String v) throws Exception {
    return RangeHeader.parse(v);
  }

  @Test
  void anNptRangeWithOnlyAnEndCountsBackFromNow() throws Exception {
    assertThat(TimeShiftStart.of(range("npt=-10"), NOW)).contains(NOW - 10_000_000_000L);
    assertThat(TimeShiftStart.of(range("npt=-0:01:30.5"), NOW)).contains(NOW - 90_500_000_000L);
  }

  @Test
  void aClockRangeIsAnAbsoluteUtcTime() throws Exception {
    assertThat(TimeShiftStart.of(range("clock=20261203T072950Z-"), NOW)).contains(NOW - 10_000_000_000L);
    assertThat(TimeShiftStart.of(range("clock=20261203T072950.25Z-20261203T073000Z"), NOW)).contains(NOW - 9_750_000_000L);
    assertThat(TimeShiftStart.formatClock(NOW - 9_750_000_000L)).isEqualTo("clock=20261203T072950.250Z-");
  }

  @Test
  void otherRangesAreNotTimeShift() throws Exception {
    assertThat(TimeShiftStart.of(range("npt=now-"), NOW)).isEmpty();
    assertThat(TimeShiftStart.of(range("npt=5-"), NOW)).isEmpty();
    assertThat(TimeShiftStart.of(null, NOW)).isEmpty();
    assertThat(TimeShiftStart.of(range("smpte=0:10:00-"), NOW)).isEmpty();
  }

  @Test
  void anUnreadableClockIs457WithTheRule() {
    assertThatThrownBy(() -> TimeShiftStart.of(range("clock=yesterday-"), NOW))
        .isInstanceOf(RtspStatusException.class)
        .hasMessage("Invalid Range: clock= start must be YYYYMMDDThhmmss[.fraction]Z, got 'yesterday'");
    assertThatThrownBy(() -> TimeShiftStart.of(range("clock=20261303T072950Z-"), NOW)).isInstanceOf(RtspStatusException.class);
  }
}
