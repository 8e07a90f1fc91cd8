package org.seamcache.proxy.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.seamcache.proxy.record.ContentRecordings;
import org.seamcache.storage.RecorderStats;
import org.seamcache.storage.Storage;

/** Recordings open now (writing, or stopped on an error), what they could not take, and evictions. */
final class RecordingMetrics implements MeterBinder {
  private final ContentRecordings recordings;
  private final Storage storage;

  /** @param storage null when nothing is recorded */
  RecordingMetrics(ContentRecordings recordings, Storage storage) {
    this.recordings = recordings;
    this.storage = storage;
  }

  @Override
  public void bindTo(MeterRegistry r) {
    Gauge.builder("seamcache.recordings.active", recordings, c -> c.active().stream().filter(RecorderStats::running).count())
        .description("Recordings being written.").register(r);
    Gauge.builder("seamcache.recordings.failed", recordings, c -> c.active().stream().filter(RecorderStats::failed).count())
        .description("Open recordings that stopped on an error (disk low, fell behind, I/O).").register(r);
    Gauge.builder("seamcache.recording.dropped.packets", recordings,
            c -> c.active().stream().mapToLong(RecorderStats::droppedPackets).sum())
        .description("Packets open recordings could not take.").register(r);
    if (storage != null) {
      FunctionCounter.builder("seamcache.recordings.evicted", storage, Storage::evictions)
          .description("Contents evicted whole to stay within the disk budget.").register(r);
    }
  }
}
