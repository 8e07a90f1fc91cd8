package org.seamcache.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Catalog rebuild after a crash, and damaged queue files never passing for complete. */
class DamageAndRecoveryTest {

  @TempDir Path dir;
  final FakeClock clock = new FakeClock(TestMedia.T0_MILLIS);

  private ContentDescriptor recordComplete(String url, int packets) throws Exception {
    ContentDescriptor content = TestMedia.content(url);
    try (Storage storage = Storage.open(TestMedia.config(dir, clock))) {
      Recording r = storage.startRecording(content);
      for (int n = 0; n < packets; n++) {
        byte[] payload = TestMedia.payload(0, n, 1200);
        if (n == packets / 2) {
          System.arraycopy("SEAMCACHE-MARKER".getBytes(StandardCharsets.US_ASCII), 0, payload, 600, 16);
        }
        r.offerRtp(0, 0, n, n, n * 3000L, false, 96, TestMedia.hash(payload),
            TestMedia.rtp(96, false, n, n * 3000L, 1, payload));
      }
      r.finish(true);
      assertThat(r.whenFinished().get(10, TimeUnit.SECONDS).recordedPackets()).isEqualTo(packets);
    }
    return content;
  }

  private Path queueFile(ContentDescriptor content) throws Exception {
    try (Stream<Path> files = Files.list(dir.resolve("contents").resolve(content.id()).resolve("queue"))) {
      List<Path> cq4 = files.filter(f -> f.toString().endsWith(".cq4")).toList();
      assertThat(cq4).hasSize(1);
      return cq4.get(0);
    }
  }

  @Test
  void aRecordingWithoutFinalStateIsIncompleteForReadersAndRebuiltOnOpen() throws Exception {
    ContentDescriptor content = recordComplete("rtsp://origin/crash", 500);
    // What a crash leaves: the final state is written only at the end of a run.
    Files.delete(dir.resolve("contents").resolve(content.id()).resolve("summary.properties"));

    ContentInfo seenByCli = DataDirectory.open(dir).catalog().get(content.id()).orElseThrow();
    assertThat(seenByCli.state()).isEqualTo(ContentState.INCOMPLETE);
    assertThat(seenByCli.stopReason()).isEqualTo(StopReason.WRITER_DIED);
    assertThat(seenByCli.packets()).isEqualTo(500);
    assertThat(Files.exists(dir.resolve("contents").resolve(content.id()).resolve("summary.properties"))).isFalse();

    try (Storage storage = Storage.open(TestMedia.config(dir, clock))) {
      ContentInfo rebuilt = storage.catalog().get(content.id()).orElseThrow();
      assertThat(rebuilt.state()).isEqualTo(ContentState.INCOMPLETE);
      assertThat(rebuilt.stopDetail()).startsWith("recovered at startup");
      assertThat(rebuilt.packets()).isEqualTo(500);
      assertThat(rebuilt.trackSummaries().get(0).gaps()).isEmpty();
    }
    assertThat(Files.exists(dir.resolve("contents").resolve(content.id()).resolve("summary.properties"))).isTrue();
  }

  @Test
  void aFlippedByteIsFoundByVerifyAndThenNeverListedComplete() throws Exception {
    ContentDescriptor content = recordComplete("rtsp://origin/flip", 500);
    Path file = queueFile(content);
    byte[] bytes = Files.readAllBytes(file);
    int at = indexOf(bytes, "SEAMCACHE-MARKER".getBytes(StandardCharsets.US_ASCII));
    assertThat(at).isPositive();
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(at + 3);
      raf.write(bytes[at + 3] ^ 0x20);
    }
    DataDirectory data = DataDirectory.open(dir);
    VerifyReport report = data.verify(content.id(), n -> {});
    assertThat(report.sound()).isFalse();
    assertThat(report.corruptExcerpts()).isEqualTo(1);
    assertThat(report.problems().get(0)).contains("CRC32C mismatch");
    ContentInfo listed = data.catalog().get(content.id()).orElseThrow();
    assertThat(listed.state()).isEqualTo(ContentState.INCOMPLETE);
    assertThat(listed.damage()).contains("CRC32C mismatch");

    // A reader reports the bad excerpt and can go on past it.
    try (RecordingReader reader = data.openReader(content.id())) {
      int good = 0;
      int bad = 0;
      while (true) {
        try {
          if (!reader.next()) {
            break;
          }
          good++;
        } catch (CorruptExcerptException e) {
          bad++;
        }
      }
      assertThat(good).isEqualTo(499);
      assertThat(bad).isEqualTo(1);
    }
  }

  @Test
  void aTruncatedQueueFileIsReportedByLsVerifyAndOpen() throws Exception {
    ContentDescriptor content = recordComplete("rtsp://origin/cut", 500);
    Path file = queueFile(content);
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(300_000);
    }
    DataDirectory data = DataDirectory.open(dir);
    ContentInfo listed = data.catalog().get(content.id()).orElseThrow();
    assertThat(listed.state()).isEqualTo(ContentState.INCOMPLETE);
    assertThat(listed.damage()).contains("truncated");
    VerifyReport report = data.verify(content.id(), n -> {});
    assertThat(report.sound()).isFalse();
    try (Storage storage = Storage.open(TestMedia.config(dir, clock))) {
      assertThat(storage.catalog().get(content.id()).orElseThrow().state()).isEqualTo(ContentState.INCOMPLETE);
    }
  }

  @Test
  void unknownIdsAndForeignDirectoriesAreRefusedWithClearMessages() throws Exception {
    recordComplete("rtsp://origin/x", 1);
    DataDirectory data = DataDirectory.open(dir);
    assertThat(data.catalog().get("0123456789abcdef")).isEmpty();
    assertThat(data.catalog().get("../etc")).isEmpty();
    assertThatThrownBy(() -> data.verify("0123456789abcdef", n -> {}))
        .isInstanceOf(UnknownContentException.class)
        .hasMessageContaining("no content with id '0123456789abcdef'");
    assertThatThrownBy(() -> DataDirectory.open(dir.resolve("contents")))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("not a seamcache data directory");
    Files.writeString(dir.resolve("layout.properties"), "format=seamcache-storage\nversion=99\n");
    assertThatThrownBy(() -> Storage.open(TestMedia.config(dir, clock)))
        .hasMessageContaining("layout version 99; this build reads version 1");
  }

  @Test
  void purgeRefusesWhatIsBeingRecordedOrReadAndDeletesTheRest() throws Exception {
    ContentDescriptor done = recordComplete("rtsp://origin/done", 10);
    try (Storage storage = Storage.open(TestMedia.config(dir, clock))) {
      Recording live = storage.startRecording(TestMedia.content("rtsp://origin/live"));
      assertThatThrownBy(() -> storage.purge(live.id())).isInstanceOf(ContentBusyException.class);
      assertThatThrownBy(() -> DataDirectory.open(dir).purge(live.id()))
          .isInstanceOf(ContentBusyException.class)
          .hasMessageContaining("being recorded by process " + ProcessHandle.current().pid());
      try (RecordingReader reader = storage.openReader(done.id())) {
        assertThat(reader.next()).isTrue();
        assertThatThrownBy(() -> storage.purge(done.id())).isInstanceOf(ContentBusyException.class);
      }
      storage.purge(done.id());
      assertThat(storage.catalog().get(done.id())).isEmpty();
      assertThat(dir.resolve("contents").resolve(done.id())).doesNotExist();
      assertThatThrownBy(() -> storage.purge(done.id())).isInstanceOf(UnknownContentException.class);
      live.finish(true);
      live.whenFinished().get(10, TimeUnit.SECONDS);
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
