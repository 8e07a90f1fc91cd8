package org.seamcache.proxy.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.io.IOException;
import org.seamcache.storage.Storage;

/**
 * The disk as recording sees it: what the recordings take, what the data directory's file system
 * has free, the budget ({@code max-disk}, 0 = none) and the free-space floor ({@code min-free-disk}).
 * Used and free are only there when recording is on (no data directory otherwise).
 */
final class DiskMetrics implements MeterBinder {
  private final Storage storage;
  private final long budgetBytes;
  private final long minFreeBytes;

  /** @param storage null when nothing is recorded */
  DiskMetrics(Storage storage, long budgetBytes, long minFreeBytes) {
    this.storage = storage;
    this.budgetBytes = budgetBytes;
    this.minFreeBytes = minFreeBytes;
  }

  @Override
  public void bindTo(MeterRegistry r) {
    Gauge.builder("seamcache.disk.budget", () -> budgetBytes).baseUnit(BaseUnits.BYTES)
        .description("The recordings' disk budget (max-disk); 0 = none.").register(r);
    Gauge.builder("seamcache.disk.min.free", () -> minFreeBytes).baseUnit(BaseUnits.BYTES)
        .description("Free space below which recording stops (min-free-disk).").register(r);
    if (storage == null) {
      return;
    }
    Gauge.builder("seamcache.disk.used", storage, Storage::usedBytes).baseUnit(BaseUnits.BYTES)
        .description("Bytes the recordings take, as the budget counts them.").register(r);
    Gauge.builder("seamcache.disk.free", storage, DiskMetrics::usable).baseUnit(BaseUnits.BYTES)
        .description("Usable bytes on the data directory's file system.").register(r);
  }

  /** NaN when the file system cannot say (a gauge has no other way to tell). */
  private static double usable(Storage storage) {
    try {
      return storage.usableBytes();
    } catch (IOException e) {
      return Double.NaN;
    }
  }
}
