package org.seamcache.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A recording stops on its own (and the relay's offers just return false) when it cannot go on. */
class RecorderStopTest {

  @TempDir Path dir;
  final FakeClock clock = new FakeClock(TestMedia.T0_MILLIS);

  @Test
  void stopsWhenTheHandOffOverflowsAndKeepsWhatItHad() throws Exception {
    // Room for one 1,212-byte packet only: the second offer before the writer takes the first overflows.
    StorageConfig config = TestMedia.config(dir, clock).withHandoff(1, 2048);
    ContentDescriptor content = TestMedia.content("rtsp://origin/lag");
    try (Storage storage = Storage.open(config)) {
      Recording r = storage.startRecording(content);
      long accepted = 0;
      for (int n = 0; n < 1_000_000 && TestMedia.offer(r, 0, 0, n, 0, n, 1200); n++) {
        accepted++;
      }
      assertThat(TestMedia.offer(r, 0, 0, 0, 0, 0, 1200)).isFalse();
      RecorderStats stats = r.whenFinished().get(10, TimeUnit.SECONDS);
      assertThat(stats.stopReason()).isEqualTo(StopReason.FELL_BEHIND);
      assertThat(stats.failed()).isTrue();
      assertThat(stats.droppedPackets()).isEqualTo(2);
      assertThat(stats.recordedPackets()).isEqualTo(accepted);
      ContentInfo info = storage.catalog().get(content.id()).orElseThrow();
      assertThat(info.state()).isEqualTo(ContentState.INCOMPLETE);
      assertThat(info.stopReason()).isEqualTo(StopReason.FELL_BEHIND);
      assertThat(info.packets()).isEqualTo(accepted);
      assertThat(storage.recordingsFailed()).isEqualTo(1);
      r.finish(true); // too late to make it complete
      assertThat(storage.catalog().get(content.id()).orElseThrow().state()).isEqualTo(ContentState.INCOMPLETE);
    }
  }

  @Test
  void stopsBelowTheFreeSpaceFloorAndKeepsEveryPacketAppended() throws Exception {
    AtomicLong usable = new AtomicLong(10L << 30);
    StorageConfig config = TestMedia.config(dir, clock)
        .withMinFreeDiskBytes(1L << 30)
        .withFreeSpaceProbe(path -> usable.get());
    ContentDescriptor content = TestMedia.content("rtsp://origin/full");
    try (Storage storage = Storage.open(config)) {
      Recording r = storage.startRecording(content);
      for (int n = 0; n < 100; n++) {
        TestMedia.offer(r, 0, 0, n, 0, n, 1200);
      }
      org.awaitility.Awaitility.await().until(() -> r.stats().recordedPackets() == 100);
      usable.set(100L << 20);
      // The writer checks every 4 MiB: keep offering until it notices and refuses.
      long n = 100;
      while (TestMedia.offer(r, 0, 0, n, 0, n, 1200)) {
        n++;
      }
      RecorderStats stats = r.whenFinished().get(10, TimeUnit.SECONDS);
      assertThat(stats.stopReason()).isEqualTo(StopReason.DISK_LOW);
      assertThat(stats.stopDetail()).contains("below the 1073741824-byte floor");
      ContentInfo info = storage.catalog().get(content.id()).orElseThrow();
      assertThat(info.state()).isEqualTo(ContentState.INCOMPLETE);
      assertThat(info.packets()).isEqualTo(stats.recordedPackets()).isGreaterThanOrEqualTo(100);
      assertThat(info.trackSummaries().get(0).gaps()).isEmpty();

      // A new recording does not even start while the disk is low.
      Recording refused = storage.startRecording(TestMedia.content("rtsp://origin/other"));
      assertThat(refused.stats().stopReason()).isEqualTo(StopReason.DISK_LOW);
      assertThat(refused.offerRtp(0, 0, 0, 0, 0, false, 96, 0, java.nio.ByteBuffer.allocate(20))).isFalse();
      assertThat(storage.catalog().get(refused.id())).isEmpty();
    }
  }

  @Test
  void refusesASecondWriterForTheSameContentAndBadArguments() throws Exception {
    ContentDescriptor content = TestMedia.content("rtsp://origin/busy");
    try (Storage storage = Storage.open(TestMedia.config(dir, clock))) {
      Recording first = storage.startRecording(content);
      Recording second = storage.startRecording(content);
      assertThat(second.stats().stopReason()).isEqualTo(StopReason.NOT_STARTED);
      assertThat(second.stats().stopDetail()).contains("already being recorded");
      assertThat(first.offerRtp(2, 0, 0, 0, 0, false, 96, 0, java.nio.ByteBuffer.allocate(20))).isFalse();
      assertThat(first.offerRtp(0, -1, 0, 0, 0, false, 96, 0, java.nio.ByteBuffer.allocate(20))).isFalse();
      assertThat(first.stats().rejectedPackets()).isEqualTo(2);
      assertThat(first.stats().running()).isTrue();
      assertThat(storage.catalog().get(content.id()).orElseThrow().state()).isEqualTo(ContentState.RECORDING);
      first.finish(true);
      first.whenFinished().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void closingTheStorageMarksRunningRecordingsIncomplete() throws Exception {
    ContentDescriptor content = TestMedia.content("rtsp://origin/closing");
    Recording r;
    try (Storage storage = Storage.open(TestMedia.config(dir, clock))) {
      r = storage.startRecording(content);
      TestMedia.offer(r, 0, 0, 0, 0, 0, 100);
    }
    assertThat(r.whenFinished()).isDone();
    assertThat(r.stats().stopReason()).isEqualTo(StopReason.STORAGE_CLOSED);
    ContentInfo info = DataDirectory.open(dir).catalog().get(content.id()).orElseThrow();
    assertThat(info.state()).isEqualTo(ContentState.INCOMPLETE);
    assertThat(info.packets()).isEqualTo(1);
  }
}
