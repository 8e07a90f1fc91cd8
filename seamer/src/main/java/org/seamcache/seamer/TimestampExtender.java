package org.seamcache.seamer;

/**
 * Extends 32-bit RTP timestamps to 64 bits across wrap-around, rejecting absurd jumps.
 *
 * <p>Timestamps are not monotonic (B-frames, a burst of packets sharing one timestamp, reordering),
 * so the rule is symmetric: a timestamp within {@code maxJumpTicks} of the highest seen (either
 * direction, 32-bit modular distance) is accepted; anything else is
 * {@link ExtensionVerdict#REJECTED_JUMP rejected}. When the next timestamp lies within
 * {@code maxJumpTicks} of the rejected one, the jump is confirmed and the numbering
 * {@link ExtensionVerdict#RESYNCED resyncs} forward from the highest (unsigned forward distance).
 *
 * <p>The first timestamp {@code t} maps to {@code 2^32 + t}, so values stay non-negative. Not
 * thread-safe: one instance per stream, confined to one thread.
 */
public final class TimestampExtender {

  /** Returned by {@link #extend(long)} for a timestamp that got no extended value. */
  public static final long REJECTED = -1;

  private static final long MOD = 1L << 32;

  private final long maxJumpTicks;
  private long highest = Long.MIN_VALUE;
  private long probation = -1; // extended value the rejected timestamp would have had (forward), or -1
  private long probationRaw;
  private ExtensionVerdict lastVerdict;
  private long rejected;
  private long resyncs;

  /** @param maxJumpTicks largest distance from the highest timestamp accepted, 1..2^31-1 */
  public TimestampExtender(long maxJumpTicks) {
    if (maxJumpTicks < 1 || maxJumpTicks >= MOD / 2) {
      throw new IllegalArgumentException("maxJumpTicks " + maxJumpTicks + " must be in 1..2^31-1");
    }
    this.maxJumpTicks = maxJumpTicks;
  }

  /** An extender for a clock of {@code clockRateHz} that accepts jumps up to {@code maxJumpSeconds}. */
  public static TimestampExtender forClock(int clockRateHz, int maxJumpSeconds) {
    return new TimestampExtender(Math.min((long) clockRateHz * maxJumpSeconds, MOD / 2 - 1));
  }

  /** Extends {@code timestamp} (its low 32 bits); returns the extended value or {@link #REJECTED}. */
  public long extend(long timestamp) {
    timestamp &= 0xFFFF_FFFFL;
    if (highest == Long.MIN_VALUE) {
      highest = MOD + timestamp;
      lastVerdict = ExtensionVerdict.FIRST;
      return highest;
    }
    long delta = (int) (timestamp - highest); // signed 32-bit modular distance
    if (Math.abs(delta) <= maxJumpTicks) {
      probation = -1;
      if (delta > 0) {
        highest += delta;
        lastVerdict = ExtensionVerdict.ADVANCED;
        return highest;
      }
      lastVerdict = ExtensionVerdict.LATE;
      return highest + delta;
    }
    if (probation >= 0 && Math.abs((int) (timestamp - probationRaw)) <= maxJumpTicks) {
      long value = probation + (int) (timestamp - probationRaw);
      highest = Math.max(highest, value);
      probation = -1;
      resyncs++;
      lastVerdict = ExtensionVerdict.RESYNCED;
      return value;
    }
    probationRaw = timestamp;
    probation = highest + ((timestamp - highest) & 0xFFFF_FFFFL);
    rejected++;
    lastVerdict = ExtensionVerdict.REJECTED_JUMP;
    return REJECTED;
  }

  public ExtensionVerdict lastVerdict() {
    return lastVerdict;
  }

  public long highest() {
    return highest;
  }

  public long rejected() {
    return rejected;
  }

  public long resyncs() {
    return resyncs;
  }
}
