package org.seamcache.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Over budget, whole contents go least recently used first, never one being recorded or read. */
class DiskBudgetTest {

  /** 100 packets of 1,200 payload bytes: 100 * (52 + 12 + 1200) = 126,400 stored bytes. */
  static final long CONTENT_BYTES = 126_400;

  @TempDir Path dir;
  final FakeClock clock = new FakeClock(TestMedia.T0_MILLIS);

  private ContentDescriptor record(Storage storage, String url, int packets) throws Exception {
    ContentDescriptor content = TestMedia.videoOnly(url, "");
    Recording r = storage.startRecording(content);
    for (int n = 0; n < packets; n++) {
      TestMedia.offer(r, 0, 0, n, 0, n, 1200);
    }
    r.finish(true);
    r.whenFinished().get(10, TimeUnit.SECONDS);
    clock.advanceMillis(10_000);
    return content;
  }

  @Test
  void evictsTheLeastRecentlyUsedContentThatIsNotBeingRead() throws Exception {
    StorageConfig config = TestMedia.config(dir, clock).withMaxDiskBytes(3 * CONTENT_BYTES + 1_000);
    try (Storage storage = Storage.open(config)) {
      ContentDescriptor a = record(storage, "rtsp://origin/a", 100);
      ContentDescriptor b = record(storage, "rtsp://origin/b", 100);
      ContentDescriptor c = record(storage, "rtsp://origin/c", 100);
      assertThat(storage.catalog().get(a.id()).orElseThrow().storedBytes()).isEqualTo(CONTENT_BYTES);
      assertThat(storage.evictions()).isZero();
      try (RecordingReader readingA = storage.openReader(a.id())) {
        clock.advanceMillis(10_000);
        // b is now the least recently used that nobody reads; d needs room for itself.
        ContentDescriptor d = record(storage, "rtsp://origin/d", 100);
        assertThat(storage.catalog().get(a.id())).isPresent();
        assertThat(storage.catalog().get(b.id())).isEmpty();
        assertThat(storage.catalog().get(c.id())).isPresent();
        assertThat(storage.catalog().get(d.id()).orElseThrow().state()).isEqualTo(ContentState.COMPLETE);
        assertThat(storage.evictions()).isEqualTo(1);
        assertThat(readingA.next()).isTrue();
      }
    }
  }

  @Test
  void stopsTheRecordingWhenNothingElseCanBeEvicted() throws Exception {
    StorageConfig config = TestMedia.config(dir, clock).withMaxDiskBytes(CONTENT_BYTES);
    try (Storage storage = Storage.open(config)) {
      ContentDescriptor content = TestMedia.content("rtsp://origin/big");
      Recording r = storage.startRecording(content);
      long n = 0;
      while (TestMedia.offer(r, 0, 0, n, 0, n, 1200)) {
        n++;
      }
      RecorderStats stats = r.whenFinished().get(10, TimeUnit.SECONDS);
      assertThat(stats.stopReason()).isEqualTo(StopReason.DISK_BUDGET);
      ContentInfo info = storage.catalog().get(content.id()).orElseThrow();
      assertThat(info.state()).isEqualTo(ContentState.INCOMPLETE);
      assertThat(info.packets()).isEqualTo(stats.recordedPackets());
      // Overrun is bounded by the check interval (64 KiB here) plus what was queued.
      assertThat(info.storedBytes()).isLessThan(CONTENT_BYTES + (64 << 10) + config.handoffBytes());
    }
  }
}
