package org.seamcache.proxy.metrics;

import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * One computation shared by the several series of a scrape (every route × source gauge reads one
 * table of viewers, not one pass over all sessions each). Recomputed when older than a second.
 * Thread-safe.
 */
final class ScrapeSnapshot<T> {
  private static final long MAX_AGE_NANOS = 1_000_000_000L;
  private final Supplier<T> compute;
  private final LongSupplier nanoClock;
  private T value;
  private long takenNanos;

  ScrapeSnapshot(Supplier<T> compute, LongSupplier nanoClock) {
    this.compute = compute;
    this.nanoClock = nanoClock;
  }

  synchronized T get() {
    long now = nanoClock.getAsLong();
    if (value == null || now - takenNanos > MAX_AGE_NANOS) {
      value = compute.get();
      takenNanos = now;
    }
    return value;
  }
}
