package org.seamcache.proxy.onward;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.seamcache.proxy.rtsp.NptRange;
import org.seamcache.proxy.rtsp.OpaqueRange;
import org.seamcache.proxy.rtsp.RangeHeader;
import org.seamcache.proxy.rtsp.RtspStatusException;

/**
 * Where in the past a viewer of live content asks to play from, as a wall-clock time: {@code
 * Range: npt=-10} (10 s before now: on live content an npt range with only an end counts back from
 * the live edge) or {@code Range: clock=20261203T071500Z-} (an absolute UTC time, RFC 2326 §3.7).
 * Anything else is not a time-shift request. Immutable.
 */
public final class TimeShiftStart {
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");

  private TimeShiftStart() {}

  /**
   * The epoch nanoseconds to play from, or empty when {@code range} does not ask for the past.
   *
   * @throws RtspStatusException 457 for a {@code clock=} range that cannot be read
   */
  public static Optional<Long> of(RangeHeader range, long nowEpochNanos) {
    if (range instanceof NptRange n && n.start().isEmpty() && n.end().isPresent() && !n.end().get().isNow()) {
      return Optional.of(nowEpochNanos - n.end().get().nanos());
    }
    if (range instanceof OpaqueRange o && o.value().regionMatches(true, 0, "clock=", 0, 6)) {
      return Optional.of(clockStart(o.value().substring(6).trim()));
    }
    return Optional.empty();
  }

  /** {@code 19961108T143720.25Z-} (the end, if any, is ignored: the playout runs on into live). */
  private static long clockStart(String range) {
    int dash = range.indexOf('-');
    String start = (dash < 0 ? range : range.substring(0, dash)).trim();
    if (!start.endsWith("Z") || start.length() < 16) {
      throw new RtspStatusException(457, "Invalid Range: clock= start must be YYYYMMDDThhmmss[.fraction]Z, got '" + start + "'");
    }
    String whole = start.substring(0, 15);
    String fraction = start.substring(15, start.length() - 1);
    try {
      long seconds = LocalDateTime.parse(whole, CLOCK).toEpochSecond(ZoneOffset.UTC);
      long nanos = 0;
      if (!fraction.isEmpty()) {
        if (!fraction.matches("\\.\\d{1,9}")) {
          throw new DateTimeParseException("fraction", fraction, 0);
        }
        nanos = Long.parseLong((fraction.substring(1) + "000000000").substring(0, 9));
      }
      return seconds * 1_000_000_000L + nanos;
    } catch (DateTimeParseException e) {
      throw new RtspStatusException(457, "Invalid Range: clock= start must be YYYYMMDDThhmmss[.fraction]Z, got '" + start + "'");
    }
  }

  /** {@code clock=...Z-} for the answer: where the playout really starts. */
  public static String formatClock(long epochNanos) {
    LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L), (int) Math.floorMod(epochNanos, 1_000_000_000L), ZoneOffset.UTC);
    return "clock=" + t.format(CLOCK) + String.format(java.util.Locale.ROOT, ".%03dZ-", t.getNano() / 1_000_000);
  }
}
