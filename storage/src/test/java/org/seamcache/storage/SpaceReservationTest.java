package org.seamcache.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files the reservation makes before Chronicle does are the very files Chronicle then uses:
 * one file per cycle, none left empty beside it, every packet read back across a roll.
 */
class SpaceReservationTest {

  @TempDir Path dir;
  final FakeClock clock = new FakeClock(TestMedia.T0_MILLIS);

  @Test
  void preparedCycleFilesAreTheOnesChronicleWrites() throws Exception {
    ContentDescriptor content = TestMedia.content("rtsp://origin/rolls");
    try (Storage storage = Storage.open(TestMedia.config(dir, clock))) {
      Recording r = storage.startRecording(content);
      for (int n = 0; n < 30; n++) {
        if (n == 10 || n == 20) {
          long offered = n;
          org.awaitility.Awaitility.await().until(() -> r.stats().recordedPackets() == offered);
          clock.advanceMillis(1_000); // the next packets go to a new cycle's file
        }
        assertThat(TestMedia.offer(r, 0, 0, n, 0, n, 600)).isTrue();
      }
      r.finish(true);
      assertThat(r.whenFinished().get(10, TimeUnit.SECONDS).recordedPackets()).isEqualTo(30);
      Path queue = dir.resolve("contents").resolve(content.id()).resolve("queue");
      List<Path> cycleFiles;
      try (Stream<Path> files = Files.list(queue)) {
        cycleFiles = files.filter(f -> f.toString().endsWith(".cq4")).sorted().toList();
      }
      assertThat(cycleFiles).as("one file per cycle, each one Chronicle wrote").hasSizeBetween(2, 3)
          .allSatisfy(f -> assertThat(Files.size(f)).isPositive());
      ContentInfo info = storage.catalog().get(content.id()).orElseThrow();
      assertThat(info.packets()).isEqualTo(30);
      assertThat(info.damage()).isEmpty();
    }
  }
}
