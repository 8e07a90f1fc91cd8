package org.seamcache.proxy.onward;

import java.util.function.LongSupplier;

/**
 * The time line of one offset of a time-offset channel, in wall-clock (epoch) nanoseconds: a packet
 * is due at the moment the source's first packet arrived, plus the offset, plus its media time by
 * RTP timestamp (each track counting from its own first packet, as the origin started them
 * together). Every viewer of the offset therefore sees the same moment at the same time, and a source
 * fetched faster than real time is still played at real time. A playout's first play stands at now
 * (it starts on the key frame due at or before now, the rest of that picture's group comes at once).
 * Media times are 32-bit signed differences of timestamps: good for 6.6 h at 90 kHz. Immutable.
 */
public final class ChannelTimeline implements PlayoutTimeline {
  private final long startEpochNanos;
  private final long offsetNanos;
  private final java.util.function.IntToLongFunction firstRtpTime;
  private final int[] clockRateHz;
  private final LongSupplier epochNanos;
  private final int leg;

  /**
   * @param startEpochNanos when the source's first packet arrived
   * @param firstRtpTime each track's first RTP timestamp (-1: none yet; its packets go as they are reached)
   */
  public ChannelTimeline(long startEpochNanos, long offsetNanos, java.util.function.IntToLongFunction firstRtpTime, int[] clockRateHz,
      LongSupplier epochNanos) {
    this(startEpochNanos, offsetNanos, firstRtpTime, clockRateHz, epochNanos, -1);
  }

  /**
   * As the other, for the packets of one stored leg only (the channel's fetch: another viewer's leg
   * of the same source, recorded beside it, has timestamps of its own); -1: any.
   */
  public ChannelTimeline(long startEpochNanos, long offsetNanos, java.util.function.IntToLongFunction firstRtpTime, int[] clockRateHz,
      LongSupplier epochNanos, int leg) {
    this.leg = leg;
    this.startEpochNanos = startEpochNanos;
    this.offsetNanos = offsetNanos;
    this.firstRtpTime = firstRtpTime;
    this.clockRateHz = clockRateHz.clone();
    this.epochNanos = epochNanos;
  }

  @Override
  public long dueNanos(int track, long arrivalNanos, long rtpTimestamp) {
    if (rtpTimestamp < 0 || track < 0 || track >= clockRateHz.length || clockRateHz[track] <= 0) {
      return Long.MIN_VALUE;
    }
    long first = firstRtpTime.applyAsLong(track);
    if (first < 0) {
      return Long.MIN_VALUE;
    }
    long ticks = (int) (rtpTimestamp - first); // signed: a reordered picture may stamp before the first
    return startEpochNanos + offsetNanos + ticks * 1_000_000_000L / clockRateHz[track];
  }

  @Override
  public boolean follows(int storedLeg) {
    return leg < 0 || storedLeg == leg;
  }

  /** The offset's moment now: a playout joins the channel where it stands. */
  @Override
  public long firstPlayAt(long firstDueNanos) {
    return epochNanos.getAsLong();
  }

  /** When the offset starts (its first packet is due), epoch nanoseconds. */
  public long startsAtEpochNanos() {
    return startEpochNanos + offsetNanos;
  }
}
