package org.seamcache.proxy.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The test parser accepts the format and refuses what a Prometheus server would not take. */
class PrometheusTextTest {
  @Test
  void parsesFamiliesLabelsAndValues() {
    PrometheusText t = PrometheusText.parse("""
        # HELP a_total Things.
        # TYPE a_total counter
        a_total{route="x",q="a\\"b\\\\c\\nd"} 3.0
        a_total{route="y",q=""} 1e3
        # TYPE g gauge
        g NaN
        g{x="1"} -Inf 1700000000000
        """);
    assertThat(t.family("a_total").orElseThrow().type()).isEqualTo("counter");
    assertThat(t.family("a_total").orElseThrow().help()).isEqualTo("Things.");
    assertThat(t.sample("a_total", Map.of("route", "x", "q", "a\"b\\c\nd")).orElseThrow().value()).isEqualTo(3.0);
    assertThat(t.sample("a_total", Map.of("route", "y", "q", "")).orElseThrow().value()).isEqualTo(1000.0);
    assertThat(t.samples("g")).hasSize(2);
  }

  @Test
  void refusesWhatIsNotTheFormat() {
    for (String bad : new String[] {
        "1a 1\n", // metric name charset
        "a{b-c=\"1\"} 1\n", // label name charset
        "a{b=1} 1\n", // unquoted label value
        "a{b=\"1\\t\"} 1\n", // unknown escape
        "a{b=\"1\" 1\n", // unterminated label set
        "a one\n", // value not a number
        "a 1", // no final line feed
        "# TYPE a gauge\n# TYPE a counter\na 1\n", // two TYPEs
        "a 1\n# TYPE a gauge\n", // TYPE after samples
        "# TYPE a gauge\na 1\n# TYPE b gauge\nb 1\na{x=\"1\"} 2\n", // family split
        "a{x=\"1\"} 1\na{x=\"1\"} 2\n", // series twice
        "# TYPE a wobbly\na 1\n", // unknown type
    }) {
      assertThatThrownBy(() -> PrometheusText.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
