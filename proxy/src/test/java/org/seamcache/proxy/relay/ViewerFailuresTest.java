package org.seamcache.proxy.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/** A viewer failing every packet is reported once per interval, with a count, not once per packet. */
class ViewerFailuresTest {

  @Test
  void failuresAreCountedEachAndReportedOncePerInterval() {
    AtomicLong now = new AtomicLong(1_000);
    List<String> lines = new ArrayList<>();
    LongAdder processTotal = new LongAdder();
    ViewerFailures f = new ViewerFailures("udp /127.0.0.1:0", processTotal, now::get, lines::add);

    for (int i = 0; i < 5_000; i++) {
      f.failed(new IllegalArgumentException("Invalid argument"));
      now.addAndGet(TimeUnit.MILLISECONDS.toNanos(1)); // 5 s of packets at 1 kHz
    }
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0)).contains("udp /127.0.0.1:0", "1 packet(s)", "Invalid argument");

    now.addAndGet(ViewerFailures.REPORT_INTERVAL_NANOS);
    f.failed("channel 256");
    assertThat(lines).hasSize(2);
    assertThat(lines.get(1)).contains("5000 packet(s)", "5001 in all", "channel 256");
    assertThat(lines.get(1)).doesNotContain("\n", "\tat ");
    assertThat(f.total()).isEqualTo(5_001);
    assertThat(processTotal.sum()).isEqualTo(5_001);
  }
}
