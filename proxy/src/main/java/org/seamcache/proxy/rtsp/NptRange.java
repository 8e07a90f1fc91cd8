package org.seamcache.proxy.rtsp;

import java.util.Objects;
import java.util.Optional;

/**
 * A normal-play-time range (RFC 2326 §3.6): {@code npt=10-}, {@code npt=10.5-20}, {@code npt=now-},
 * {@code npt=-20}, {@code npt=12:05:35.3-}. At least one end is present. Formatted in seconds with at most 3
 * decimals ({@code npt=0.000-} formats as {@code npt=0-}). Immutable.
 *
 * <pre>
 * npt-range = ( npt-time "-" [ npt-time ] ) | ( "-" npt-time )
 * </pre>
 */
public record NptRange(Optional<NptTime> start, Optional<NptTime> end) implements RangeHeader {

  private static final String H = "Range";

  public NptRange {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (start.isEmpty() && end.isEmpty()) {
      throw new IllegalArgumentException("an npt range needs a start or an end");
    }
  }

  /** {@code npt=start-}: play from {@code start} to the end. */
  public static NptRange from(NptTime start) {
    return new NptRange(Optional.of(start), Optional.empty());
  }

  /** {@code npt=start-end}, as used to fetch a gap again. */
  public static NptRange between(NptTime start, NptTime end) {
    return new NptRange(Optional.of(start), Optional.of(end));
  }

  static NptRange parseRange(String text) throws RtspHeaderException {
    int dash = text.indexOf('-');
    if (dash < 0 || text.indexOf(';') >= 0 || text.indexOf(',') >= 0) {
      throw RtspHeaderException.badRequest(
          H + ": npt range must be start-[end] or -end, one range without parameters, got 'npt=" + text + "'");
    }
    Optional<NptTime> start = parseEnd(text.substring(0, dash).trim(), text);
    Optional<NptTime> end = parseEnd(text.substring(dash + 1).trim(), text);
    if (start.isEmpty() && end.isEmpty()) {
      throw RtspHeaderException.badRequest(H + ": npt range needs a start or an end, got 'npt=" + text + "'");
    }
    if (start.isPresent() && end.isPresent() && !start.get().isNow() && !end.get().isNow()
        && start.get().nanos() > end.get().nanos()) {
      throw RtspHeaderException.badRequest(H + ": npt range start is after its end, got 'npt=" + text + "'");
    }
    return new NptRange(start, end);
  }

  private static Optional<NptTime> parseEnd(String part, String whole) throws RtspHeaderException {
    if (part.isEmpty()) {
      return Optional.empty();
    }
    NptTime t = NptTime.parseOrNull(part);
    if (t == null) {
      throw RtspHeaderException.badRequest(H + ": npt-time must be now, seconds[.fraction] or h:mm:ss[.fraction], got '"
          + part + "' in 'npt=" + whole + "'");
    }
    return Optional.of(t);
  }

  @Override
  public String format() {
    return "npt=" + start.map(NptTime::format).orElse("") + "-" + end.map(NptTime::format).orElse("");
  }
}
