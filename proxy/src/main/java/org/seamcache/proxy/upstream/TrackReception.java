package org.seamcache.proxy.upstream;

import org.seamcache.seamer.ExtensionVerdict;
import org.seamcache.seamer.InterarrivalJitter;
import org.seamcache.seamer.LossInterval;
import org.seamcache.seamer.LossMeter;
import org.seamcache.seamer.RtcpNtp;
import org.seamcache.seamer.RtcpReportBlock;
import org.seamcache.seamer.SeqExtender;
import org.seamcache.seamer.TimestampExtender;

/**
 * What one leg knows about the reception of one track: extended sequence numbers, loss per
 * interval and interarrival jitter. Confined to the leg's event loop.
 */
final class TrackReception {
  private static final long LOSS_INTERVAL_NANOS = 1_000_000_000L;
  /** Timestamp jumps beyond this are absurd for one content; such a packet keeps its raw timestamp. */
  private static final int MAX_TIMESTAMP_JUMP_SECONDS = 600;

  private final SeqExtender seq = new SeqExtender();
  private final TimestampExtender timestamps;
  /** Reordering on a path is tens of ms; a grace in time judges loss after the same wait at any packet rate. */
  private static final long REORDER_GRACE_NANOS = 150_000_000L;

  private final LossMeter loss = LossMeter.withTimeGrace(LOSS_INTERVAL_NANOS, REORDER_GRACE_NANOS);
  private final InterarrivalJitter jitter;
  private long ssrc = -1;
  private long lastSrMiddle32;
  private long lastSrArrivalNanos = -1;
  private long reportedExpected;
  private long reportedLost;

  TrackReception(int clockRateHz) {
    this.jitter = new InterarrivalJitter(Math.max(1, clockRateHz));
    this.timestamps = TimestampExtender.forClock(Math.max(1, clockRateHz), MAX_TIMESTAMP_JUMP_SECONDS);
  }

  /** Extends an accepted packet's timestamp; returns {@link TimestampExtender#REJECTED} on an absurd jump. */
  long extendTimestamp(long rtpTimestamp) {
    return timestamps.extend(rtpTimestamp);
  }

  /** Whether the last packet confirmed a jump of its sequence number or timestamp. */
  boolean resynced() {
    return seq.lastVerdict() == ExtensionVerdict.RESYNCED || timestamps.lastVerdict() == ExtensionVerdict.RESYNCED;
  }

  /** Extends and records one packet's sequence number; returns the extended value or {@link SeqExtender#REJECTED}. */
  long receive(long packetSsrc, int sequence, long rtpTimestamp, long arrivalNanos) {
    ssrc = packetSsrc;
    long ext = seq.extend(sequence);
    if (ext != SeqExtender.REJECTED) {
      loss.record(ext, arrivalNanos);
      jitter.update(rtpTimestamp, arrivalNanos);
    }
    return ext;
  }

  /** Remembers the sender report, for the LSR/DLSR fields of the next receiver report. */
  void senderReport(long ntpTimestamp, long arrivalNanos) {
    lastSrMiddle32 = RtcpNtp.middle32(ntpTimestamp);
    lastSrArrivalNanos = arrivalNanos;
  }

  /** The reception report block for the interval since the last one (RFC 3550 §6.4.1), or null before any packet. */
  RtcpReportBlock reportBlock(long nowNanos) {
    if (ssrc < 0) {
      return null;
    }
    long expected = loss.cumulativeExpected();
    long lost = loss.cumulativeLost();
    long intervalExpected = expected - reportedExpected;
    long intervalLost = lost - reportedLost;
    reportedExpected = expected;
    reportedLost = lost;
    long dlsr = lastSrArrivalNanos < 0 ? 0 : RtcpNtp.delayUnits(nowNanos - lastSrArrivalNanos);
    // SeqExtender numbers the first packet 65536 + seq; RFC 3550 counts cycles from zero.
    long extendedHighest = seq.highest() - (1 << 16);
    return RtcpReportBlock.clamped(ssrc, intervalExpected, intervalLost, lost, extendedHighest, jitter.jitterTicks(), lastSrMiddle32, dlsr);
  }

  /** The newest closed loss interval at {@code nowNanos} (closing the current one when due), or null. */
  LossInterval pollLoss(long nowNanos) {
    LossInterval closed = loss.poll(nowNanos);
    return closed != null ? closed : loss.lastInterval();
  }

  LossMeter loss() {
    return loss;
  }

  long jitterTicks() {
    return jitter.jitterTicks();
  }

  long rejected() {
    return seq.rejected();
  }
}
