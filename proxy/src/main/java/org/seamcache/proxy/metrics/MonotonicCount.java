package org.seamcache.proxy.metrics;

import java.util.function.LongSupplier;

/**
 * A count summed from parts that move between places (a running stream's figures move to the
 * ended totals when it ends): a scrape between the two moments would see a dip, which Prometheus
 * takes for a counter reset. Never reports less than it did before. Thread-safe.
 */
final class MonotonicCount {
  private final LongSupplier sum;
  private long highest;

  MonotonicCount(LongSupplier sum) {
    this.sum = sum;
  }

  synchronized double value() {
    highest = Math.max(highest, sum.getAsLong());
    return highest;
  }
}
