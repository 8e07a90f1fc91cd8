package org.seamcache.storage;

import java.util.OptionalDouble;

/**
 * The duration of stored content from its SDP's {@code a=range:npt=START-END} (session level, else
 * the first media level); {@code now-END} (how gst-rtsp-server describes a stored title) counts from 0. Live content
 * ({@code npt=now-}) or an open range has none. Stateless.
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
      // gst-rtsp-server describes stored content as npt=now-END: a finite end with a "now" start is a title from 0
      String from = range.substring(0, dash).strip();
      double start = from.equals("now") || from.isEmpty() ? 0 : seconds(from);
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
