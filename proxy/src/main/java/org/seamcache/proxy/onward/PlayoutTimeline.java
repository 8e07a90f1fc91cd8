package org.seamcache.proxy.onward;

/**
 * When each recorded packet of a {@link RecordingPlayout} is due, on a time line in nanoseconds that
 * the playout walks along at the rate of its clock: by arrival (live time-shift: as the packets came)
 * or by RTP timestamp (a channel offset: as the media says, {@link ChannelTimeline}).
 */
public interface PlayoutTimeline {
  /** Paced as the packets arrived: the playout stays as far behind as it started. */
  PlayoutTimeline ARRIVAL = (track, arrivalNanos, rtpTimestamp) -> arrivalNanos;

  /**
   * @param rtpTimestamp the packet's RTP timestamp (unsigned 32 bits), or -1 for an RTCP packet
   * @return where the packet is due; {@link Long#MIN_VALUE}: as soon as it is reached (with the packet before it)
   */
  long dueNanos(int track, long arrivalNanos, long rtpTimestamp);

  /** Whether a playout may start on a packet of this (stored) leg: one that follows a given leg only. */
  default boolean follows(int leg) {
    return true;
  }

  /** Where on the time line a playout stands when it first plays, its first packet due at {@code firstDueNanos}. */
  default long firstPlayAt(long firstDueNanos) {
    return firstDueNanos;
  }
}
