package org.seamcache.proxy.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class RepairWindowTest {
  private static ZonedDateTime at(int h, int m) {
    return ZonedDateTime.of(2026, 12, 3, h, m, 0, 0, ZoneId.of("Europe/Berlin"));
  }

  @Test
  void aWindowWithinTheDayAndOneAcrossMidnight() {
    RepairWindow night = RepairWindow.parse("01:00-05:00");
    assertThat(night.untilOpen(at(1, 0))).isZero();
    assertThat(night.untilOpen(at(4, 59))).isZero();
    assertThat(night.untilOpen(at(5, 0))).isEqualTo(Duration.ofHours(20));
    assertThat(night.untilOpen(at(0, 30))).isEqualTo(Duration.ofMinutes(30));

    RepairWindow late = RepairWindow.parse("22:00-02:30");
    assertThat(late.untilOpen(at(23, 0))).isZero();
    assertThat(late.untilOpen(at(2, 0))).isZero();
    assertThat(late.untilOpen(at(2, 30))).isEqualTo(Duration.ofMinutes(19 * 60 + 30));
    assertThat(RepairWindow.parse("always").untilOpen(at(12, 0))).isZero();
  }

  @Test
  void badWindowsAreRefusedWithTheFormNamed() {
    assertThatThrownBy(() -> RepairWindow.parse("1-5")).hasMessageContaining("HH:MM-HH:MM");
    assertThatThrownBy(() -> RepairWindow.parse("25:00-05:00")).hasMessageContaining("HH:MM-HH:MM");
    assertThatThrownBy(() -> RepairWindow.parse("03:00-03:00")).hasMessageContaining("always");
  }
}
