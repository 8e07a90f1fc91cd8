package org.seamcache.proxy.seam;

import org.seamcache.proxy.upstream.ReceivedRtp;
import org.seamcache.seamer.LegReport;
import org.seamcache.seamer.SeamSink;
import org.seamcache.seamer.Seamer;
import org.seamcache.seamer.SeamerConfig;

/**
 * The live {@link Seamer} of one track of a content, and what its output looked like per interval
 * (positions released with a copy, released as gaps). Released positions go to an {@link Emitter}.
 *
 * <p>Confined to the hub's event loop.
 */
public final class TrackSeam implements SeamSink {

  /** Receives released positions, in strictly increasing order. */
  public interface Emitter {
    void emit(int track, long position, long timestamp, int leg, long reference);
  }

  private final int track;
  private final Seamer seamer;
  private final Emitter emitter;
  private long emitted;
  private long gaps;
  private long divergences;
  private long intervalEmitted;
  private long intervalGaps;

  public TrackSeam(int track, SeamerConfig config, Emitter emitter) {
    this.track = track;
    this.seamer = new Seamer(config, this);
    this.emitter = emitter;
  }

  /** Adds a leg; the first one is the reference. Returns its seamer id. */
  public int addLeg() {
    return seamer.addLeg();
  }

  /**
   * Offers one packet, numbered as its leg extended it (the seamer does not extend again), and
   * releases what its arrival allows.
   */
  public void offer(int leg, ReceivedRtp rtp, long reference, long arrivalNanos) {
    seamer.offerExtended(leg, rtp.extendedSeq(), rtp.extendedTimestamp(), rtp.resynced(), rtp.payloadHash(), reference, arrivalNanos);
    seamer.release(arrivalNanos);
  }

  /** How long a missing position waits for a copy from now on. */
  public void fillWindow(long nanos) {
    seamer.fillWindow(nanos);
  }

  /** Releases what the fill window allows at {@code nowNanos}. */
  public void release(long nowNanos) {
    seamer.release(nowNanos);
  }

  /** See {@link Seamer#nextReleaseNanos()}. */
  public long nextReleaseNanos() {
    return seamer.nextReleaseNanos();
  }

  @Override
  public void emit(long position, long timestamp, int leg, long reference) {
    emitted++;
    intervalEmitted++;
    emitter.emit(track, position, timestamp, leg, reference);
  }

  @Override
  public void gap(long first, long last) {
    gaps += last - first + 1;
    intervalGaps += last - first + 1;
  }

  @Override
  public void divergence(int leg, long position) {
    divergences++;
  }

  /** A position that was emitted but whose bytes were gone counts as a gap after all. */
  public void emittedWithoutBytes() {
    emitted--;
    intervalEmitted--;
    gaps++;
    intervalGaps++;
  }

  /**
   * The output's loss since the last call ({@code gaps / released}), then starts a new interval;
   * -1 when nothing was released (a silent interval).
   */
  public double takeIntervalLoss() {
    long released = intervalEmitted + intervalGaps;
    double loss = released == 0 ? -1 : (double) intervalGaps / released;
    intervalEmitted = 0;
    intervalGaps = 0;
    return loss;
  }

  public LegReport legReport(int leg) {
    return seamer.legReport(leg);
  }

  public int legCount() {
    return seamer.legCount();
  }

  public long emitted() {
    return emitted;
  }

  public long gaps() {
    return gaps;
  }

  public long divergences() {
    return divergences;
  }
}
