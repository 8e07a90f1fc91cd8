package org.seamcache.proxy.rtsp;

import java.util.Objects;
import java.util.Optional;

/**
 * One {@code <type>=<value>} line of a session description, value kept exactly as received (RFC 4566 §5).
 * Immutable.
 */
public record SdpLine(char type, String value) {

  public SdpLine {
    Objects.requireNonNull(value, "value");
    if (!isType(type)) {
      throw new IllegalArgumentException("SDP line type must be one letter, got '" + type + "'");
    }
    if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("SDP line value must not hold CR or LF");
    }
  }

  /** An {@code a=name:value} or {@code a=name} line. */
  public static SdpLine attribute(String name, String value) {
    return new SdpLine('a', name + ":" + value);
  }

  public boolean isAttribute() {
    return type == 'a';
  }

  /** For an {@code a=} line, its attribute name (before the first {@code :}); otherwise empty. */
  public Optional<String> attributeName() {
    if (!isAttribute()) {
      return Optional.empty();
    }
    int colon = value.indexOf(':');
    return Optional.of(colon < 0 ? value : value.substring(0, colon));
  }

  /** For an {@code a=name:value} line, the value after the first {@code :}; otherwise empty. */
  public Optional<String> attributeValue() {
    int colon = value.indexOf(':');
    return isAttribute() && colon >= 0 ? Optional.of(value.substring(colon + 1)) : Optional.empty();
  }

  /** {@code true} for an {@code a=name...} line with exactly that name (case-sensitive, as RFC 4566 says). */
  public boolean isAttribute(String name) {
    return isAttribute()
        && value.startsWith(name)
        && (value.length() == name.length() || value.charAt(name.length()) == ':');
  }

  public String format() {
    return type + "=" + value;
  }

  static boolean isType(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
}
