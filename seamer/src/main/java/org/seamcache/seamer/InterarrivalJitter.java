package org.seamcache.seamer;

/**
 * Interarrival jitter of one source (RFC 3550 §6.4.1, Appendix A.8), in timestamp units.
 *
 * <p>{@code D = (Rj - Ri) - (Sj - Si)} with arrival times {@code R} converted to the media clock and
 * RTP timestamps {@code S}; {@code J += (|D| - J) / 16}. Kept in fixed point scaled by 16 as A.8
 * suggests, so no rounding drift. Arrival time comes in as an argument. Feed packets in arrival
 * order; the timestamp difference is taken modulo 2^32 so wrap-around is harmless. Not thread-safe.
 */
public final class InterarrivalJitter {

  private final long clockRateHz;
  private boolean started;
  private long lastArrivalNanos;
  private long lastTimestamp;
  private long jitterX16;

  public InterarrivalJitter(int clockRateHz) {
    if (clockRateHz <= 0) {
      throw new IllegalArgumentException("clockRateHz must be positive, was " + clockRateHz);
    }
    this.clockRateHz = clockRateHz;
  }

  /** Takes one packet's RTP timestamp (low 32 bits used) and its arrival time. */
  public void update(long rtpTimestamp, long arrivalNanos) {
    if (started) {
      long arrivalTicks = ticks(arrivalNanos - lastArrivalNanos);
      long d = arrivalTicks - (int) (rtpTimestamp - lastTimestamp);
      jitterX16 += Math.abs(d) - ((jitterX16 + 8) >> 4);
    }
    started = true;
    lastArrivalNanos = arrivalNanos;
    lastTimestamp = rtpTimestamp;
  }

  private long ticks(long nanos) {
    if (Math.abs(nanos) < Long.MAX_VALUE / clockRateHz) {
      return nanos * clockRateHz / 1_000_000_000L;
    }
    return nanos / 1_000_000_000L * clockRateHz; // gaps of a day or more: second precision is plenty
  }

  /** The current jitter estimate in timestamp units, as an RR carries it. */
  public long jitterTicks() {
    return jitterX16 >> 4;
  }
}
