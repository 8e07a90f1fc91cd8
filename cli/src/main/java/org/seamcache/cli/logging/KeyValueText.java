package org.seamcache.cli.logging;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.List;
import org.slf4j.event.KeyValuePair;

/**
 * {@code %kv} in the text format: the event's SLF4J key-value pairs as {@code " key=value"}, a value
 * quoted only when it has a blank, a quote or nothing in it, so an access log line stays readable
 * and splits on blanks. Logback's {@code %kvp} quotes every value. Stateless.
 */
public final class KeyValueText extends ClassicConverter {

  @Override
  public String convert(ILoggingEvent e) {
    List<KeyValuePair> pairs = e.getKeyValuePairs();
    if (pairs == null || pairs.isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder(128);
    for (KeyValuePair kv : pairs) {
      b.append(' ').append(kv.key).append('=');
      String v = String.valueOf(kv.value);
      if (v.isEmpty() || v.chars().anyMatch(c -> c == ' ' || c == '"' || c == '\t')) {
        b.append('"').append(v.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
      } else {
        b.append(v);
      }
    }
    return b.toString();
  }
}
