package org.seamcache.seamer;

/**
 * One reception report block of an SR or RR (RFC 3550 §6.4.1). Immutable.
 *
 * @param sourceSsrc the source this block reports on
 * @param fractionLost loss since the previous report, in 1/256 (0..255)
 * @param cumulativeLost packets lost since the start (signed 24-bit; duplicates can make it negative)
 * @param extendedHighestSeq cycles (high 16 bits) and highest sequence number received (low 16)
 * @param jitter interarrival jitter in timestamp units
 * @param lastSr middle 32 bits of the NTP timestamp of the last SR received, 0 if none
 * @param delaySinceLastSr delay since that SR in units of 1/65536 s, 0 if none
 */
public record RtcpReportBlock(
    long sourceSsrc,
    int fractionLost,
    int cumulativeLost,
    long extendedHighestSeq,
    long jitter,
    long lastSr,
    long delaySinceLastSr) {

  public static final int BYTES = 24;

  public RtcpReportBlock {
    if (fractionLost < 0 || fractionLost > 255) {
      throw new IllegalArgumentException("fraction lost " + fractionLost + " is outside 0..255");
    }
    if (cumulativeLost < -(1 << 23) || cumulativeLost >= (1 << 23)) {
      throw new IllegalArgumentException("cumulative lost " + cumulativeLost + " does not fit 24 signed bits");
    }
  }

  /**
   * A block with the fraction and cumulative count clamped into their fields (RFC 3550 A.3: fraction
   * 0 when more arrived than expected; the 24-bit count saturates).
   */
  public static RtcpReportBlock clamped(long sourceSsrc, long expectedInterval, long lostInterval,
      long cumulativeLost, long extendedHighestSeq, long jitter, long lastSr, long delaySinceLastSr) {
    int fraction = expectedInterval <= 0 || lostInterval <= 0
        ? 0 : (int) Math.min(255, (lostInterval << 8) / expectedInterval);
    int cumulative = (int) Math.max(-(1 << 23), Math.min((1 << 23) - 1, cumulativeLost));
    return new RtcpReportBlock(sourceSsrc, fraction, cumulative, extendedHighestSeq & 0xFFFF_FFFFL,
        jitter & 0xFFFF_FFFFL, lastSr & 0xFFFF_FFFFL, delaySinceLastSr & 0xFFFF_FFFFL);
  }
}
