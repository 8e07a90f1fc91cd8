package org.seamcache.proxy.session;

import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import java.util.function.Consumer;
import org.seamcache.proxy.rtsp.RangeHeader;

/**
 * A playback from the cache whose end is reported (pay-per-view): counts the seconds it played
 * (PLAY to PAUSE or the end, on an injected clock) and hands the totals on when it closes, once.
 * Confined as the playback it wraps.
 */
final class ReportedPlayback implements Playback {

  /** What the session amounted to when it closed. */
  record Totals(long startMillis, long stopMillis, long bytes, double seconds) {}

  private final StoredPlayback inner;
  private final LongSupplier nanoClock;
  private final java.time.InstantSource wallClock;
  private final Consumer<Totals> onClose;
  private final long startMillis;
  private long playingSinceNanos = -1;
  private long playedNanos;
  private boolean closed;

  ReportedPlayback(StoredPlayback inner, LongSupplier nanoClock, java.time.InstantSource wallClock, Consumer<Totals> onClose) {
    this.inner = inner;
    this.nanoClock = nanoClock;
    this.wallClock = wallClock;
    this.onClose = onClose;
    this.startMillis = wallClock.millis();
  }

  @Override
  public synchronized CompletableFuture<PlayAnswer> play(RangeHeader range) {
    if (playingSinceNanos < 0) {
      playingSinceNanos = nanoClock.getAsLong();
    }
    return inner.play(range);
  }

  @Override
  public synchronized CompletableFuture<Void> pause() {
    stopClock();
    return inner.pause();
  }

  @Override
  public void sayGoodbye() {
    inner.sayGoodbye();
  }

  @Override
  public void close() {
    Totals totals;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      stopClock();
      totals = new Totals(startMillis, wallClock.millis(), inner.bytesSent(), playedNanos / 1e9);
    }
    inner.close();
    onClose.accept(totals);
  }

  private void stopClock() {
    if (playingSinceNanos >= 0) {
      playedNanos += nanoClock.getAsLong() - playingSinceNanos;
      playingSinceNanos = -1;
    }
  }
}
