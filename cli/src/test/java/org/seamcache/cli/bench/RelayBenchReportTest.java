package org.seamcache.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RelayBenchReportTest {
  private static List<Figure> rep(double steady, double rss) {
    return List.of(new Figure("50 UDP viewers, steady", "CPU s / M packets", steady), new Figure("RSS", "MiB", rss));
  }

  @Test
  void mediansOverRepsWithMinMaxAndTheRatioOfTheMedians() {
    RelayBenchReport r = RelayBenchReport.of(List.of("header line"),
        List.of(rep(3.0, 200), rep(3.4, 210), rep(3.2, Double.NaN)),
        List.of(rep(6.0, 10), rep(6.8, 9), rep(6.4, 11)));
    RelayBenchReport.Row steady = r.rows().get(0);
    assertThat(steady.seamcacheSpread()).isEqualTo(new Spread(3.2, 3.0, 3.4, 3));
    assertThat(steady.ratio()).isEqualTo(0.5);
    RelayBenchReport.Row rss = r.rows().get(1);
    assertThat(rss.seamcacheSpread().median()).as("a missing figure is left out, not counted as 0").isEqualTo(205);
    assertThat(r.text()).contains("header line").contains("| 50 UDP viewers, steady | CPU s / M packets | 3.20 (3.00-3.40) | 6.40 (6.00-6.80) | 0.50x |");
    assertThat(r.json()).contains("\"label\":\"50 UDP viewers, steady\"").contains("\"values\":[200.000,210.000,null]");
  }

  @Test
  void aBaselineOfZeroGivesNoRatio() {
    RelayBenchReport r = RelayBenchReport.of(List.of(), List.of(rep(1, 1)), List.of(rep(0, 1)));
    assertThat(r.rows().get(0).ratio()).isNaN();
    assertThat(r.text()).contains("| 50 UDP viewers, steady | CPU s / M packets | 1.00 | 0 | - |");
    assertThat(r.json()).contains("\"ratio\":null");
  }

  @Test
  void anEvenCountTakesTheMeanOfTheMiddleTwo() {
    assertThat(Spread.of(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(new Spread(2.5, 1.0, 4.0, 4));
    assertThat(Spread.of(List.of()).isEmpty()).isTrue();
  }
}
