package org.seamcache.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run appended to a partial copy (a repair) leaves that copy playable while it writes: the copy
 * as the earlier run sealed it, its state and its seamed index, until the new run ends.
 */
class SealedCopyTest {

  private static final long MS = 1_000_000L;

  @TempDir Path dir;
  final FakeClock clock = new FakeClock(TestMedia.T0_MILLIS);

  @Test
  void theCopyARepairRunAppendsToStaysReadableUntilTheRunEnds() throws Exception {
    ContentDescriptor content = TestMedia.videoOnly("rtsp://origin/sealed", "");
    try (Storage storage = Storage.open(TestMedia.config(dir, clock))) {
      Recording first = storage.startRecording(content);
      for (long n = 0; n < 300; n++) {
        if (n % 10 != 5) { // a lossy first viewing
          TestMedia.offerPayload(first, 0, n * 10 * MS, 1_000 + n, 3_000 * n, TestMedia.payload(0, n, 200));
        }
      }
      assertThat(storage.sealedCopy(content.id())).as("a first run appends to nothing").isEmpty();
      first.finish(false);
      first.whenFinished().get(10, TimeUnit.SECONDS);
      ContentInfo sealed = storage.catalog().get(content.id()).orElseThrow();
      assertThat(sealed.state()).isEqualTo(ContentState.PARTIAL);
      SeamedIndex earlier = storage.seamedIndex(content.id(), 0);

      Recording repair = storage.startRecording(content); // the repair's leg, another numbering
      for (long n = 0; n < 30; n++) {
        TestMedia.offerPayload(repair, 0, (4_000 + n * 10) * MS, 50_000 + n, 777 + 3_000 * n, TestMedia.payload(0, n, 200));
      }
      assertThat(storage.catalog().get(content.id()).orElseThrow().state()).isEqualTo(ContentState.RECORDING);
      SealedCopy copy = storage.sealedCopy(content.id()).orElseThrow();
      assertThat(copy.info().state()).isEqualTo(ContentState.PARTIAL);
      assertThat(copy.info().excerpts()).isEqualTo(sealed.excerpts());
      assertThat(copy.info().missing()).isEqualTo(sealed.missing()).isPositive();
      assertThat(copy.track(0).size()).isEqualTo(earlier.size()).isEqualTo(270);
      try (RecordingReader reader = storage.openReader(content.id())) {
        for (int i = 0; i < copy.track(0).size(); i++) {
          assertThat(copy.track(0).excerpt(i)).isEqualTo(earlier.excerpt(i));
          long n = copy.track(0).position(i) - 1_000;
          assertThat(reader.read(copy.track(0).excerpt(i)).payloadHash()).isEqualTo(TestMedia.hash(TestMedia.payload(0, n, 200)));
        }
      }

      repair.finish(false);
      repair.whenFinished().get(10, TimeUnit.SECONDS);
      assertThat(storage.sealedCopy(content.id())).as("the run ended: its own state stands").isEqualTo(Optional.empty());
    }
  }
}
