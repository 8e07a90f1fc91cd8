package org.seamcache.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * While a recording runs, its seam is appended to a journal per track: a reader behind the writer
 * gets the positions released so far, seamed by the seamer's rule across legs, without scanning the
 * queue; the run's end replaces the journal with the final index.
 */
class RunningIndexTest {

  private static final long MS = 1_000_000L;

  @TempDir Path dir;
  final FakeClock clock = new FakeClock(TestMedia.T0_MILLIS);

  @Test
  void aReaderBehindTheWriterGetsTheSeamSoFarAndTheFinalIndexReplacesIt() throws Exception {
    ContentDescriptor content = TestMedia.videoOnly("rtsp://origin/running", "");
    try (Storage storage = Storage.open(TestMedia.config(dir, clock))) {
      Recording r = storage.startRecording(content);
      // leg 0 loses every 10th packet; leg 1 (another session, other numbering) others
      for (long n = 0; n < 1_000; n++) {
        byte[] p = TestMedia.payload(0, n, 200);
        if (n % 10 != 5) {
          TestMedia.offerPayload(r, 0, n * 10 * MS, 1_000 + n, 3_000 * n, p);
        }
        if (n % 10 != 7) {
          TestMedia.offerPayload(r, 1, n * 10 * MS + 2 * MS, 40_000 + n, 555 + 3_000 * n, p);
        }
      }
      // 10 s of arrivals: what is more than the live window behind the newest is released
      Awaitility.await().atMost(Duration.ofSeconds(20))
          .until(() -> storage.runningIndex(content.id(), 0).map(SeamedIndex::size).orElse(0) >= 750);
      SeamedIndex running = storage.runningIndex(content.id(), 0).orElseThrow();
      assertThat(running.origin()).contains("running recording's journal");
      assertThat(running.referenceLeg()).isZero();
      assertThat(running.gaps()).as("leg 1 filled every loss of leg 0").isEmpty();
      try (RecordingReader reader = storage.openReader(content.id())) {
        for (int i = 0; i < running.size(); i++) {
          long n = running.position(i) - 1_000;
          assertThat(n).as("positions in the reference leg's stored numbering, from its first packet").isEqualTo(i);
          assertThat(reader.read(running.excerpt(i)).payloadHash()).as("position %d", i)
              .isEqualTo(TestMedia.hash(TestMedia.payload(0, n, 200)));
          assertThat(running.leg(i)).isEqualTo(n % 10 == 5 ? 1 : 0);
        }
      }

      r.finish(true);
      r.whenFinished().get(10, TimeUnit.SECONDS);
      assertThat(storage.runningIndex(content.id(), 0)).isEqualTo(Optional.empty());
      SeamedIndex last = storage.seamedIndex(content.id(), 0);
      assertThat(last.size()).isEqualTo(1_000);
      assertThat(last.origin()).isEqualTo(SeamedIndexFile.READ_FROM_FILE);
      try (var files = Files.walk(dir)) {
        assertThat(files.filter(f -> f.getFileName().toString().endsWith(".journal")).toList())
            .as("the journal is gone once the final index is written").isEmpty();
      }
    }
  }

  @Test
  void aTornLastBlockIsLeftOutAndTheBlocksBeforeItStand() throws Exception {
    Path file = dir.resolve("seamed-0.journal");
    try (SeamedIndexJournal journal = SeamedIndexJournal.create(file, 0, 3)) {
      for (int i = 0; i < 10; i++) {
        journal.append(100 + i, 1_000 + i, 3_000L * i, 3);
      }
      journal.flush();
      journal.append(111, 1_011, 33_000, 4); // 110 missing
      journal.flush();
    }
    SeamedIndex whole = SeamedIndexJournal.read(file);
    assertThat(whole.size()).isEqualTo(11);
    assertThat(whole.referenceLeg()).isEqualTo(3);
    assertThat(whole.gaps()).containsExactly(new org.seamcache.seamer.GapMap.Range(110, 110));
    assertThat(whole.leg(10)).isEqualTo(4);

    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 3)); // the second block torn
    assertThat(SeamedIndexJournal.read(file).size()).isEqualTo(10);
    bytes[SeamedIndexJournal.HEADER_BYTES + 8] ^= 1; // a bit flipped in the first block's first record
    Files.write(file, bytes);
    assertThat(SeamedIndexJournal.read(file).size()).as("nothing after a block that does not check out").isZero();
  }
}
