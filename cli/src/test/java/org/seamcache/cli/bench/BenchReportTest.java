package org.seamcache.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchReportTest {
  @Test
  void jsonKeepsFailureTextIntactAndTotalsAdd() {
    BenchReport r =
        new BenchReport(
            "rtsp://127.0.0.1:8554/live",
            2,
            10.0,
            List.of(
                new BenchReport.Viewer(0, null, 900, 1_000_000, 90.0, 1000, 100, 0.5, "udp"),
                new BenchReport.Viewer(1, "origin answered \"453\"", 0, 0, 0, 0, 0, 0, "tcp")));
    String json = r.json();
    assertThat(json).contains("\"url\":\"rtsp://127.0.0.1:8554/live\"");
    assertThat(json).contains("\"failure\":\"origin answered \\\"453\\\"\"");
    assertThat(json).contains("\"failure\":null");
    assertThat(json).contains("\"totalPackets\":900,\"failed\":1");
    assertThat(r.results().get(0).lossPercent()).isEqualTo(10.0);
  }
}
