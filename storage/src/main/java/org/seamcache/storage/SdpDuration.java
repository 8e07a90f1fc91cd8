package org.seamcache.storage;

import java.util.OptionalDouble;

/**
 * The duration of stored content from its SDP's {@code a=range:npt=START-END} (session level, else
 * the first media level). Live content ({@code npt=now-}) or an open range has none. Stateless.
 */
final class SdpDuration {

  private SdpDuration() {}

  /** END − START in seconds, or empty when the SDP gives no finite range. */
  static OptionalDouble of(String sdp) {
    for (String line : sdp.split("\r?\n")) {
      String l = line.strip();
      if (!l.startsWith("a=range:npt=")) {
        continue;
      }
      String range = l.substring("a=range:npt=".length());
      int dash = range.indexOf('-');
      if (dash < 0) {
        return OptionalDouble.empty();
      }
      double start = seconds(range.substring(0, dash));
      double end = seconds(range.substring(dash + 1));
      if (Double.isNaN(start) || Double.isNaN(end) || end <= start) {
        return OptionalDouble.empty();
      }
      return OptionalDouble.of(end - start);
    }
    return OptionalDouble.empty();
  }

  /** npt-sec ("12.5") or npt-hhmmss ("0:00:12.5"); NaN for "now", empty or malformed. */
  private static double seconds(String npt) {
    String s = npt.strip();
    if (s.isEmpty() || s.equals("now")) {
      return Double.NaN;
    }
    try {
      double total = 0;
      for (String part : s.split(":")) {
        total = total * 60 + Double.parseDouble(part);
      }
      return total;
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }
}
