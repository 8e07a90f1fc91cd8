package org.seamcache.seamer;

/**
 * Conversions for RTCP's 64-bit NTP timestamps (seconds since 1900 in the high 32 bits, fraction in
 * the low 32) and the "last SR" / "delay since last SR" fields. Stateless.
 */
public final class RtcpNtp {

  /** Seconds from 1900-01-01 (NTP epoch) to 1970-01-01 (Unix epoch). */
  public static final long UNIX_EPOCH_NTP_SECONDS = 2_208_988_800L;
  private static final long NANOS = 1_000_000_000L;

  private RtcpNtp() {}

  /** NTP timestamp → nanoseconds since the NTP epoch (exact to under a nanosecond). */
  public static long toNanos(long ntp) {
    long seconds = ntp >>> 32;
    long fraction = ntp & 0xFFFF_FFFFL;
    return seconds * NANOS + ((fraction * NANOS) >>> 32);
  }

  /** Unix-epoch nanoseconds → NTP timestamp. */
  public static long fromUnixNanos(long unixNanos) {
    long seconds = Math.floorDiv(unixNanos, NANOS) + UNIX_EPOCH_NTP_SECONDS;
    long nanos = Math.floorMod(unixNanos, NANOS);
    return (seconds << 32) | ((nanos << 32) / NANOS);
  }

  /** The middle 32 bits of an NTP timestamp: the "last SR" (LSR) value of a report block. */
  public static long middle32(long ntp) {
    return (ntp >>> 16) & 0xFFFF_FFFFL;
  }

  /** A delay in nanoseconds as the DLSR field (units of 1/65536 s), saturating at 32 bits. */
  public static long delayUnits(long delayNanos) {
    if (delayNanos <= 0) {
      return 0;
    }
    if (delayNanos >= Long.MAX_VALUE >> 16) {
      return 0xFFFF_FFFFL;
    }
    return Math.min((delayNanos << 16) / NANOS, 0xFFFF_FFFFL);
  }
}
