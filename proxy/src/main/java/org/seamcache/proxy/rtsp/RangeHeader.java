package org.seamcache.proxy.rtsp;

import java.util.Locale;

/**
 * The Range header (RFC 2326 §12.29) and the SDP {@code a=range:} attribute: an {@link NptRange} such as
 * {@code npt=10.5-20}, or an {@link OpaqueRange} for other units ({@code smpte=}, {@code clock=}) that we pass on
 * without interpreting. Implementations are immutable.
 */
public sealed interface RangeHeader permits NptRange, OpaqueRange {

  /**
   * Parses {@code npt=...} into an {@link NptRange} and {@code smpte...=}/{@code clock=} into an
   * {@link OpaqueRange}. Several ranges, or the {@code ;time=} parameter, are rejected rather than half
   * understood.
   */
  static RangeHeader parse(String value) throws RtspHeaderException {
    QuotedText.rejectControlChars("Range", value);
    String v = value.trim();
    int eq = v.indexOf('=');
    if (eq <= 0) {
      throw RtspHeaderException.badRequest("Range: must be unit=range such as npt=10-, got '" + v + "'");
    }
    String unit = v.substring(0, eq).trim().toLowerCase(Locale.ROOT);
    if (unit.equals("npt")) {
      return NptRange.parseRange(v.substring(eq + 1).trim());
    }
    if (unit.equals("clock") || unit.startsWith("smpte")) {
      return new OpaqueRange(v);
    }
    throw RtspHeaderException.badRequest("Range: unit must be npt, smpte or clock, got '" + unit + "'");
  }

  String format();
}
