package org.seamcache.cli.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import org.seamcache.cli.JsonWriter;
import org.slf4j.event.KeyValuePair;

/**
 * {@code --log-format json}: one JSON object per line with {@code time} (UTC, ISO 8601),
 * {@code level}, {@code thread}, {@code logger}, {@code message}, each SLF4J key-value pair as a key
 * of its own (numbers stay numbers), and {@code exception} (the stack trace as one string) when
 * there is one. Logback's own JsonEncoder nests key-value pairs in a list and the time as epoch
 * milliseconds, which log shippers would have to unpack. Stateless.
 */
public final class JsonLineEncoder extends EncoderBase<ILoggingEvent> {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneOffset.UTC);
  /** A key-value pair may not replace a field every line has. */
  private static final Set<String> FIXED = Set.of("time", "level", "thread", "logger", "message", "exception");

  @Override
  public byte[] headerBytes() {
    return null;
  }

  @Override
  public byte[] footerBytes() {
    return null;
  }

  @Override
  public byte[] encode(ILoggingEvent e) {
    StringBuilder b = new StringBuilder(256);
    b.append('{');
    field(b, "time", TIME.format(e.getInstant()));
    b.append(',');
    field(b, "level", e.getLevel().toString());
    b.append(',');
    field(b, "thread", e.getThreadName());
    b.append(',');
    field(b, "logger", e.getLoggerName());
    b.append(',');
    field(b, "message", e.getFormattedMessage());
    if (e.getKeyValuePairs() != null) {
      for (KeyValuePair kv : e.getKeyValuePairs()) {
        if (kv.key != null && !FIXED.contains(kv.key)) {
          b.append(',');
          JsonWriter.appendQuoted(b, kv.key);
          b.append(':');
          value(b, kv.value);
        }
      }
    }
    IThrowableProxy thrown = e.getThrowableProxy();
    if (thrown != null) {
      b.append(',');
      field(b, "exception", ThrowableProxyUtil.asString(thrown));
    }
    b.append("}\n");
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void field(StringBuilder b, String name, String value) {
    JsonWriter.appendQuoted(b, name);
    b.append(':');
    value(b, value);
  }

  private static void value(StringBuilder b, Object v) {
    if (v == null) {
      b.append("null");
    } else if (v instanceof Boolean
        || v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte
        || v instanceof BigInteger || v instanceof BigDecimal) {
      b.append(v);
    } else if ((v instanceof Double || v instanceof Float) && Double.isFinite(((Number) v).doubleValue())) {
      b.append(v);
    } else {
      JsonWriter.appendQuoted(b, String.valueOf(v));
    }
  }
}
