package org.seamcache.proxy.rtsp;

import java.util.Objects;
import java.util.Optional;

/**
 * One {@code name} or {@code name=value} parameter of a header that we do not interpret but must pass on
 * unchanged. The value is kept exactly as received (quotes included). Immutable.
 */
public record HeaderParam(String name, Optional<String> value) {

  public HeaderParam {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("parameter name is empty");
    }
  }

  /** A parameter without a value, e.g. {@code append}. */
  public static HeaderParam flag(String name) {
    return new HeaderParam(name, Optional.empty());
  }

  public static HeaderParam of(String name, String value) {
    return new HeaderParam(name, Optional.of(value));
  }

  /**
   * Splits {@code name[=value]} at the first {@code =}; surrounding spaces are trimmed. {@code header} names the
   * header in the error message.
   */
  static HeaderParam parse(String header, String text) throws RtspHeaderException {
    int eq = text.indexOf('=');
    String name = (eq < 0 ? text : text.substring(0, eq)).trim();
    if (name.isEmpty()) {
      throw RtspHeaderException.badRequest(header + ": parameter name is empty in '" + text.trim() + "'");
    }
    return eq < 0 ? flag(name) : of(name, text.substring(eq + 1).trim());
  }

  public String format() {
    return value.map(v -> name + "=" + v).orElse(name);
  }
}
