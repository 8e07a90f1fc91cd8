package org.seamcache.proxy.upstream;

import org.seamcache.seamer.InterarrivalJitter;
import org.seamcache.seamer.LossMeter;
import org.seamcache.seamer.SeqExtender;

/**
 * What one leg knows about the reception of one track: extended sequence numbers, loss per
 * interval and interarrival jitter. Confined to the leg's event loop.
 */
final class TrackReception {
  private static final long LOSS_INTERVAL_NANOS = 1_000_000_000L;

  private final SeqExtender seq = new SeqExtender();
  private final LossMeter loss = new LossMeter(LOSS_INTERVAL_NANOS);
  private final InterarrivalJitter jitter;

  TrackReception(int clockRateHz) {
    this.jitter = new InterarrivalJitter(Math.max(1, clockRateHz));
  }

  /** Extends and records one packet's sequence number; returns the extended value or {@link SeqExtender#REJECTED}. */
  long receive(int sequence, long rtpTimestamp, long arrivalNanos) {
    long ext = seq.extend(sequence);
    if (ext != SeqExtender.REJECTED) {
      loss.record(ext, arrivalNanos);
      jitter.update(rtpTimestamp, arrivalNanos);
    }
    return ext;
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
