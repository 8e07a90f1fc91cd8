package org.seamcache.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seamcache.storage.ContentDescriptor;
import org.seamcache.storage.Storage;

/** inspect, export and verify over the seamer's result: a foreign leg, and a damaged seamed index. */
class InspectSeamsTest {

  @TempDir Path dir;

  CliRun seamcache(String... args) {
    return CliRun.of(args);
  }

  private ContentDescriptor recorded() throws Exception {
    try (Storage storage = Storage.open(RecordedFixture.config(dir))) {
      return RecordedFixture.withForeignLeg(storage, "rtsp://origin/three");
    }
  }

  @Test
  void aForeignLegIsShownNotAlignableWithItsReasonAndFillsNothing() throws Exception {
    ContentDescriptor c = recorded();
    Path svg = dir.resolve("map.svg");
    CliRun run = seamcache("inspect", c.id(), "--svg", svg.toString(), "--data-dir", dir.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("result      seq 1000..1099 in leg 0's numbers: 2 missing (2.00%), gaps: 1011-1012")
        .contains("leg 2       100 packets, seq 9..108, 0 missing (0.00% loss), NOT ALIGNABLE, filled 0 positions first")
        .contains("seams       4: ");
    String leg2Reason = run.out().lines().dropWhile(l -> !l.startsWith("  leg 2 ")).skip(1).findFirst().orElseThrow();
    assertThat(leg2Reason.strip()).isNotEmpty().doesNotStartWith("leg ").doesNotStartWith("seams");

    String picture = Files.readString(svg);
    assertThat(picture).contains("leg 2 NOT ALIGNABLE (0.00% loss)", "fill=\"#aaa\"");
    int rowStart = picture.indexOf('\n', picture.indexOf("seamed (")) + 1; // the rectangles follow the label's line
    String resultRow = picture.substring(rowStart, picture.indexOf('\n', rowStart));
    assertThat(resultRow).doesNotContain(GapMapSvg.colourOf(2));

    Path pcap = dir.resolve("v.pcap");
    CliRun export = seamcache("export", c.id(), "--track", "0", "-o", pcap.toString(), "--data-dir", dir.toString());
    assertThat(export.exit()).isZero();
    assertThat(export.out()).contains("wrote 98 packets of track 0");
    assertThat(export.err()).contains("legs [2] are not alignable and were left out");
  }

  @Test
  void aDamagedIndexIsRebuiltAndEveryCommandSaysSo() throws Exception {
    ContentDescriptor c = recorded();
    Path index = dir.resolve("contents").resolve(c.id()).resolve("seamed-0.idx");
    byte[] before = Files.readAllBytes(index);
    try (RandomAccessFile raf = new RandomAccessFile(index.toFile(), "rw")) {
      raf.seek(60);
      raf.write(before[60] ^ 0x10);
    }
    CliRun inspect = seamcache("inspect", c.id(), "--data-dir", dir.toString());
    assertThat(inspect.exit()).isZero();
    assertThat(inspect.out()).contains("index       rebuilt from the queue: its index file is damaged: seamed-0.idx: "
        + "CRC32C mismatch in block 0");
    // the same result as before the damage, and the file written back whole
    assertThat(inspect.out()).contains("gaps: 1011-1012");
    assertThat(Files.readAllBytes(index)).isEqualTo(before);

    Files.delete(index);
    Path pcap = dir.resolve("v.pcap");
    CliRun export = seamcache("export", c.id(), "--track", "0", "-o", pcap.toString(), "--data-dir", dir.toString());
    assertThat(export.exit()).isZero();
    assertThat(export.err()).contains("track 0's seamed index was rebuilt from the queue: its index file seamed-0.idx is missing");
    assertThat(export.out()).contains("wrote 98 packets");

    try (RandomAccessFile raf = new RandomAccessFile(index.toFile(), "rw")) {
      raf.setLength(100);
    }
    CliRun verify = seamcache("verify", c.id(), "--data-dir", dir.toString());
    assertThat(verify.exit()).isZero();
    assertThat(verify.out()).contains(": sound, 291 excerpts checked (partial)",
        "seamed index track 0: rebuilt from the queue: its index file is damaged: seamed-0.idx: ends inside", "written anew");
    assertThat(Files.readAllBytes(index)).isEqualTo(before);
  }
}
