package org.seamcache.proxy.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * The property every header and SDP fuzz target checks: text either parses or fails with the parser's own checked
 * exception (nothing else escapes), and a value that parses formats to text that parses back to the same value.
 * Stateless.
 */
final class RoundTrip {
  private RoundTrip() {}

  @FunctionalInterface
  interface Parser<T, E extends Exception> {
    T parse(String text) throws E;
  }

  /** Header values reach the parsers as Netty decodes them: one char per byte (ISO-8859-1). */
  static String headerText(byte[] input) {
    return new String(input, StandardCharsets.ISO_8859_1);
  }

  /**
   * Parses {@code text}; when it parses, checks {@code parse(format(v)).equals(v)}.
   *
   * @param declared the parser's own exception: refusing the input with it is a pass
   */
  static <T, E extends Exception> void check(String text, Parser<T, E> parser, Function<T, String> format, Class<E> declared) {
    T value = parseOrNull(text, parser, declared);
    if (value == null) {
      return;
    }
    String formatted = format.apply(value);
    T again;
    try {
      again = parser.parse(formatted);
    } catch (Exception e) {
      throw new AssertionError("parser refused its own format '" + formatted + "' of " + value, e);
    }
    assertThat(again).as("parse(format(v)) for format '%s'", formatted).isEqualTo(value);
  }

  /** The parsed value, or null when the parser refused {@code text} with {@code declared}; any other exception fails. */
  static <T, E extends Exception> T parseOrNull(String text, Parser<T, E> parser, Class<E> declared) {
    try {
      return parser.parse(text);
    } catch (Exception e) {
      if (declared.isInstance(e)) {
        return null;
      }
      throw new AssertionError("parser threw " + e + " (not its " + declared.getSimpleName() + ")", e);
    }
  }
}
