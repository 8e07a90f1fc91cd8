package org.seamcache.seamer;

/**
 * How a {@link Seamer} behaves. Immutable.
 *
 * @param clockRateHz the track's RTP clock (from {@code a=rtpmap}); bounds timestamp jumps
 * @param maxTimestampJumpSeconds timestamp steps larger than this are rejected until confirmed
 * @param minVotes payload matches that must agree before a leg's offset is accepted
 * @param fillWindowNanos how long a missing position is waited for before it is released as a gap;
 *     {@link Long#MAX_VALUE} for offline seaming (nothing is released before {@link Seamer#finish()})
 * @param maxPendingPackets packets of an aligning leg kept while it aligns (oldest dropped beyond)
 * @param maxTrackPackets positions the canonical window may hold; beyond it the oldest are released
 * @param repeatHorizonPackets live: how far the track must extend past a payload before it counts as
 *     unique for a vote or a confirmation. A block of content repeated with a period up to this
 *     (a static scene) can then not pull a leg to a shifted offset; the cost is that a leg at the
 *     track's front is aligned and trusted only this many packets later
 * @param releaseBehindReference live: nothing is released beyond the reference leg's newest position,
 *     and a missing position waits the fill window from when the reference went past it. For stored
 *     content, whose extra legs run ahead of the viewer's (the reference): their copies wait for the
 *     viewer instead of pulling the output ahead of it, and the viewer's own packets pace the output
 */
public record SeamerConfig(
    int clockRateHz,
    int maxTimestampJumpSeconds,
    int minVotes,
    long fillWindowNanos,
    int maxPendingPackets,
    int maxTrackPackets,
    int repeatHorizonPackets,
    boolean releaseBehindReference) {

  public SeamerConfig {
    if (clockRateHz <= 0 || maxTimestampJumpSeconds <= 0) {
      throw new IllegalArgumentException("clockRateHz and maxTimestampJumpSeconds must be positive");
    }
    if (minVotes < 2) {
      throw new IllegalArgumentException("minVotes " + minVotes + " < 2: one match alone is never trusted");
    }
    if (repeatHorizonPackets < 0 || repeatHorizonPackets > maxTrackPackets / 4) {
      throw new IllegalArgumentException("repeatHorizonPackets " + repeatHorizonPackets + " must be in [0, maxTrackPackets/4]");
    }
    if (fillWindowNanos < 0 || maxPendingPackets < 2 * minVotes || maxTrackPackets < 1024) {
      throw new IllegalArgumentException("fill window must be >= 0, pending >= 2*minVotes, track >= 1024 packets");
    }
  }

  /** Offline: everything in memory, nothing released until {@link Seamer#finish()}. */
  public static SeamerConfig offline(int clockRateHz) {
    return new SeamerConfig(clockRateHz, 60, 8, Long.MAX_VALUE, Integer.MAX_VALUE, 1 << 30, 0, false); // decides on all packets
  }

  /** Default {@link #repeatHorizonPackets()} live: longer than the repeated blocks seen in static scenes. */
  public static final int LIVE_REPEAT_HORIZON_PACKETS = 64;

  /** Live relay: a time-based fill window, bounded memory (2^17 positions, 2^15 pending per leg). */
  public static SeamerConfig live(int clockRateHz, long fillWindowMillis) {
    return new SeamerConfig(clockRateHz, 60, 8, fillWindowMillis * 1_000_000L, 1 << 15, 1 << 17,
        LIVE_REPEAT_HORIZON_PACKETS, false);
  }

  /** The same configuration with another vote threshold. */
  public SeamerConfig withMinVotes(int votes) {
    return new SeamerConfig(clockRateHz, maxTimestampJumpSeconds, votes, fillWindowNanos, maxPendingPackets, maxTrackPackets,
        repeatHorizonPackets, releaseBehindReference);
  }

  /** The same configuration with another repeat horizon. */
  public SeamerConfig withRepeatHorizon(int packets) {
    return new SeamerConfig(clockRateHz, maxTimestampJumpSeconds, minVotes, fillWindowNanos, maxPendingPackets, maxTrackPackets,
        packets, releaseBehindReference);
  }

  /** The same configuration releasing nothing beyond the reference leg (see {@link #releaseBehindReference()}). */
  public SeamerConfig behindReference() {
    if (fillWindowNanos == Long.MAX_VALUE) {
      throw new IllegalArgumentException("offline seaming releases everything at the end; there is no reference pace");
    }
    return new SeamerConfig(clockRateHz, maxTimestampJumpSeconds, minVotes, fillWindowNanos, maxPendingPackets, maxTrackPackets,
        repeatHorizonPackets, true);
  }
}
