package org.seamcache.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seamcache.seamer.GapMap;

/** The seamed index on disk: round trip, and a damaged, truncated or missing file rebuilt, never served. */
class SeamedIndexTest {

  @TempDir Path dir;
  final FakeClock clock = new FakeClock(TestMedia.T0_MILLIS);

  /** Two lossy legs over 10,000 positions (3 blocks of records), one common loss. */
  private ContentDescriptor recordTwoLegs() throws Exception {
    ContentDescriptor content = TestMedia.videoOnly("rtsp://origin/index", "");
    Set<Long> lost0 = Set.of(100L, 101L, 5_000L, 9_000L);
    Set<Long> lost1 = Set.of(101L, 102L, 7_000L);
    try (Storage storage = Storage.open(TestMedia.config(dir, clock))) {
      Recording r = storage.startRecording(content);
      for (long n = 0; n < 10_000; n++) {
        if (!lost0.contains(n)) {
          TestMedia.offer(r, 0, 0, n, 2_000, n, 100);
        }
        if (!lost1.contains(n)) {
          TestMedia.offer(r, 0, 1, n, 40_000, n, 100);
        }
      }
      r.finish(true);
      r.whenFinished().get(30, TimeUnit.SECONDS);
    }
    return content;
  }

  private Path indexFile(ContentDescriptor content) {
    return dir.resolve("contents").resolve(content.id()).resolve("seamed-0.idx");
  }

  @Test
  void theIndexWrittenAtTheEndIsReadBackAsIsAndMatchesAFreshSeaming() throws Exception {
    ContentDescriptor content = recordTwoLegs();
    DataDirectory data = DataDirectory.open(dir);
    SeamedIndex index = data.seamedIndex(content.id(), 0);
    assertThat(index.rebuilt()).as(index.origin()).isFalse();
    assertThat(index.size()).isEqualTo(9_999);
    assertThat(index.gaps()).containsExactly(new GapMap.Range(2_101, 2_101));
    assertThat(index.referenceLeg()).isZero();
    assertThat(index.contributions()).containsEntry(0, 9_996L).containsEntry(1, 3L);
    // leg 1 fills 2100, 7000 and 11000; 2101 stays a gap, after which leg 0 goes on
    assertThat(index.seams()).containsExactly(new SeamedIndex.Seam(2_100, 0, 1), new SeamedIndex.Seam(2_102, -1, 0),
        new SeamedIndex.Seam(7_000, 0, 1), new SeamedIndex.Seam(7_001, 1, 0),
        new SeamedIndex.Seam(11_000, 0, 1), new SeamedIndex.Seam(11_001, 1, 0));

    // Byte for byte the same as seaming the queue again.
    Files.delete(indexFile(content));
    SeamedIndex rebuilt = data.seamedIndex(content.id(), 0);
    assertThat(rebuilt.rebuilt()).isTrue();
    assertThat(rebuilt.origin()).contains("missing");
    assertThat(rebuilt.sameAs(index)).isTrue();
    // ...and written back, so the next reader reads the file.
    assertThat(data.seamedIndex(content.id(), 0).rebuilt()).isFalse();

    // The file's own round trip, records spanning several blocks.
    Path copy = dir.resolve("copy.idx");
    SeamedIndexFile.write(copy, index);
    assertThat(SeamedIndexFile.read(copy).sameAs(index)).isTrue();
    // header, 3 blocks (count + CRC each) and the empty closing block, one gap, trailer
    assertThat(Files.size(copy)).isEqualTo(SeamedIndexFile.HEADER_BYTES + 3 * 8L + 9_999L * SeamedIndexFile.RECORD_BYTES
        + 8 + (8 + 16 + 4) + 20);
  }

  @Test
  void aFlippedByteInAnyBlockIsDetectedAndTheIndexRebuiltFromTheQueue() throws Exception {
    ContentDescriptor content = recordTwoLegs();
    DataDirectory data = DataDirectory.open(dir);
    SeamedIndex good = data.seamedIndex(content.id(), 0);
    Path file = indexFile(content);
    byte[] original = Files.readAllBytes(file);
    // header, first block, a later block, the gap list, the trailer
    for (long at : List.of(20L, 100L, 5_000L * SeamedIndexFile.RECORD_BYTES, original.length - 40L, original.length - 10L)) {
      try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
        raf.seek(at);
        raf.write(original[(int) at] ^ 0x04);
      }
      assertThatThrownBy(() -> SeamedIndexFile.read(file)).as("flip at %d", at).isInstanceOf(SeamedIndexFile.Damaged.class);
      SeamedIndex served = data.seamedIndex(content.id(), 0);
      assertThat(served.rebuilt()).isTrue();
      assertThat(served.origin()).as("flip at %d", at).contains("damaged");
      assertThat(served.sameAs(good)).isTrue();
      assertThat(Files.readAllBytes(file)).isEqualTo(original); // rewritten whole
    }
  }

  @Test
  void aTruncatedIndexIsRebuiltAndVerifySaysItRepairedIt() throws Exception {
    ContentDescriptor content = recordTwoLegs();
    Path file = indexFile(content);
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(raf.length() / 2);
    }
    assertThatThrownBy(() -> SeamedIndexFile.read(file)).hasMessageContaining("truncated");
    VerifyReport report = DataDirectory.open(dir).verify(content.id(), n -> {});
    assertThat(report.sound()).isTrue();
    assertThat(report.repaired()).singleElement().asString().contains("track 0", "truncated");
    assertThat(DataDirectory.open(dir).verify(content.id(), n -> {}).repaired()).isEmpty();
    // an index never makes the content damaged: it is derived
    assertThat(DataDirectory.open(dir).catalog().get(content.id()).orElseThrow().state()).isEqualTo(ContentState.PARTIAL);
  }

  @Test
  void anIndexOfAnEarlierRunIsStaleAndNotUsed() throws Exception {
    ContentDescriptor content = recordTwoLegs();
    Path file = indexFile(content);
    Path saved = dir.resolve("earlier.idx");
    Files.copy(file, saved);
    try (Storage storage = Storage.open(TestMedia.config(dir, clock))) {
      Recording again = storage.startRecording(content);
      assertThat(Files.exists(file)).isFalse(); // a new run makes the old index meaningless
      for (long n = 9_900; n < 10_100; n++) { // overlaps the first run, so the seamer aligns it
        TestMedia.offer(again, 0, 0, n, 90_000, n, 100);
      }
      again.finish(true);
      again.whenFinished().get(30, TimeUnit.SECONDS);
    }
    Files.copy(saved, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    SeamedIndex served = DataDirectory.open(dir).seamedIndex(content.id(), 0);
    assertThat(served.rebuilt()).isTrue();
    assertThat(served.origin()).contains("stale");
    assertThat(served.size()).isEqualTo(9_999 + 100);
  }
}
