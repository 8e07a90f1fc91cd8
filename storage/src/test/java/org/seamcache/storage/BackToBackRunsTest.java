package org.seamcache.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run started while the content's last run is still being sealed waits for it instead of being refused. */
class BackToBackRunsTest {

  @TempDir Path dir;
  final FakeClock clock = new FakeClock(TestMedia.T0_MILLIS);

  @Test
  void aRunStartedAsTheLastOneFinishesIsRecorded() throws Exception {
    ContentDescriptor content = TestMedia.content("rtsp://origin/again");
    try (Storage storage = Storage.open(TestMedia.config(dir, clock))) {
      for (int run = 0; run < 3; run++) {
        Recording r = storage.startRecording(content);
        assertThat(r.stats().running()).as("run %d: %s", run, r.stats()).isTrue();
        for (int n = 0; n < 50; n++) {
          assertThat(TestMedia.offer(r, 0, 0, run * 1000 + n, 0, run * 1000 + n, 1200)).isTrue();
        }
        r.finish(true); // returns at once: the next run starts while this one is sealed
      }
      org.awaitility.Awaitility.await().until(() -> storage.activeRecordings().isEmpty());
      ContentInfo info = storage.catalog().get(content.id()).orElseThrow();
      assertThat(info.packets()).isEqualTo(150);
      assertThat(info.legSummaries()).extracting(LegSummary::leg).containsExactlyInAnyOrder(0, 1, 2);
    }
  }
}
