package org.seamcache.cli.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JSON line and the text format's key-value part of one event. */
class LogEncodingTest {
  private final LoggerContext context = new LoggerContext();
  private final Logger logger = context.getLogger("seamcache.access");

  private LoggingEvent event(String message, Throwable thrown) {
    LoggingEvent e = new LoggingEvent(Logger.FQCN, logger, Level.INFO, message, thrown, null);
    e.setTimeStamp(1_700_000_000_123L);
    e.setThreadName("seamcache-io-1-2");
    return e;
  }

  @Test
  void jsonLineHasTheFixedFieldsAndEachKeyValuePairAsAKey() {
    LoggingEvent e = event("session ended", null);
    e.addKeyValuePair(new org.slf4j.event.KeyValuePair("client", "127.0.0.1:5000"));
    e.addKeyValuePair(new org.slf4j.event.KeyValuePair("packets", 183L));
    e.addKeyValuePair(new org.slf4j.event.KeyValuePair("duration_s", 2.5));
    e.addKeyValuePair(new org.slf4j.event.KeyValuePair("reason", "a \"quoted\"\nline"));
    e.addKeyValuePair(new org.slf4j.event.KeyValuePair("level", "not the level"));

    String line = new String(new JsonLineEncoder().encode(e), StandardCharsets.UTF_8);

    assertThat(line).endsWith("}\n").doesNotContain("not the level");
    Map<String, Object> o = FlatJson.parse(line.strip());
    assertThat(o).containsExactly(
        Map.entry("time", "2023-11-14T22:13:20.123Z"), Map.entry("level", "INFO"), Map.entry("thread", "seamcache-io-1-2"),
        Map.entry("logger", "seamcache.access"), Map.entry("message", "session ended"), Map.entry("client", "127.0.0.1:5000"),
        Map.entry("packets", 183L), Map.entry("duration_s", 2.5), Map.entry("reason", "a \"quoted\"\nline"));
  }

  @Test
  void jsonLineCarriesAnExceptionAsOneString() {
    String line = new String(new JsonLineEncoder().encode(event("failed", new IllegalStateException("boom"))), StandardCharsets.UTF_8);
    assertThat(line.indexOf('\n')).isEqualTo(line.length() - 1);
    assertThat((String) FlatJson.parse(line.strip()).get("exception")).startsWith("java.lang.IllegalStateException: boom").contains("\tat ");
  }

  @Test
  void textKeyValuesQuoteOnlyWhatNeedsIt() {
    LoggingEvent e = event("request refused", null);
    e.addKeyValuePair(new org.slf4j.event.KeyValuePair("status", 403));
    e.addKeyValuePair(new org.slf4j.event.KeyValuePair("reason", "origin 10.0.0.1 is \"not\" allowed"));
    e.addKeyValuePair(new org.slf4j.event.KeyValuePair("method", ""));
    assertThat(new KeyValueText().convert(e)).isEqualTo(" status=403 reason=\"origin 10.0.0.1 is \\\"not\\\" allowed\" method=\"\"");
    assertThat(new KeyValueText().convert(event("no pairs", null))).isEmpty();
  }
}
