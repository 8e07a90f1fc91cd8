package org.seamcache.proxy.rtsp;

/**
 * One end of an npt range (RFC 2326 §3.6): {@code now}, or a non-negative offset into the presentation kept
 * exactly in nanoseconds. Formatted as seconds with at most 3 decimals (rounded to the millisecond, no trailing
 * zeros), the form clients such as ffmpeg send. Immutable.
 *
 * <pre>
 * npt-time   = "now" | npt-sec | npt-hhmmss
 * npt-sec    = 1*DIGIT [ "." *DIGIT ]
 * npt-hhmmss = npt-hh ":" npt-mm ":" npt-ss [ "." *DIGIT ]     npt-mm, npt-ss = 0-59
 * </pre>
 */
public record NptTime(boolean isNow, long nanos) {

  public static final NptTime NOW = new NptTime(true, 0);
  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  private static final long NANOS_PER_MILLI = 1_000_000L;

  public NptTime {
    if (nanos < 0 || (isNow && nanos != 0)) {
      throw new IllegalArgumentException("npt time must be now or a non-negative offset, got " + nanos + " ns");
    }
  }

  public static NptTime ofNanos(long nanos) {
    return new NptTime(false, nanos);
  }

  public static NptTime ofMillis(long millis) {
    return new NptTime(false, Math.multiplyExact(millis, NANOS_PER_MILLI));
  }

  /** Rounds to the nanosecond. */
  public static NptTime ofSeconds(double seconds) {
    if (!(seconds >= 0) || seconds > Long.MAX_VALUE / (double) NANOS_PER_SECOND) {
      throw new IllegalArgumentException("npt seconds must be finite and non-negative, got " + seconds);
    }
    return new NptTime(false, Math.round(seconds * NANOS_PER_SECOND));
  }

  /** The offset in seconds; 0 for {@code now}. */
  public double seconds() {
    return nanos / (double) NANOS_PER_SECOND;
  }

  /** Parses one npt-time; returns null if it breaks the grammar above (the caller names the header). */
  static NptTime parseOrNull(String text) {
    if (text.equalsIgnoreCase("now")) {
      return NOW;
    }
    int dot = text.indexOf('.');
    String whole = dot < 0 ? text : text.substring(0, dot);
    String fraction = dot < 0 ? "" : text.substring(dot + 1);
    long fractionNanos = parseFraction(fraction);
    if (fractionNanos < 0) {
      return null;
    }
    String[] hms = whole.split(":", -1);
    long seconds;
    if (hms.length == 1) {
      seconds = parseDigits(hms[0], 18);
    } else if (hms.length == 3) {
      long h = parseDigits(hms[0], 12);
      long m = parseDigits(hms[1], 2);
      long s = parseDigits(hms[2], 2);
      if (h < 0 || m < 0 || s < 0 || m > 59 || s > 59) {
        return null;
      }
      seconds = h * 3600 + m * 60 + s;
    } else {
      return null;
    }
    if (seconds < 0 || seconds > (Long.MAX_VALUE - fractionNanos) / NANOS_PER_SECOND) {
      return null;
    }
    return ofNanos(seconds * NANOS_PER_SECOND + fractionNanos);
  }

  /** {@code now}, or seconds with up to 3 decimals: {@code 10}, {@code 10.5}, {@code 9.984}. */
  public String format() {
    if (isNow) {
      return "now";
    }
    long millis = (nanos + NANOS_PER_MILLI / 2) / NANOS_PER_MILLI;
    long whole = millis / 1000;
    int fraction = (int) (millis % 1000);
    if (fraction == 0) {
      return Long.toString(whole);
    }
    String digits = String.format(java.util.Locale.ROOT, "%03d", fraction);
    int end = digits.length();
    while (digits.charAt(end - 1) == '0') {
      end--;
    }
    return whole + "." + digits.substring(0, end);
  }

  /** 1 to maxDigits ASCII digits, or -1. */
  private static long parseDigits(String s, int maxDigits) {
    if (s.isEmpty() || s.length() > maxDigits) {
      return -1;
    }
    long v = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  /** Decimal fraction digits as nanoseconds (digits past the 9th are dropped), or -1 if not all digits. */
  private static long parseFraction(String s) {
    long v = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      if (i < 9) {
        v = v * 10 + (c - '0');
      }
    }
    for (int i = s.length(); i < 9; i++) {
      v *= 10;
    }
    return v;
  }
}
