package org.seamcache.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seamcache.storage.ContentDescriptor;
import org.seamcache.storage.Recording;
import org.seamcache.storage.Storage;

class ContentCommandsTest {

  @TempDir Path dir;

  CliRun seamcache(String... args) {
    return CliRun.of(args);
  }

  private ContentDescriptor recorded() throws Exception {
    try (Storage storage = Storage.open(RecordedFixture.config(dir))) {
      return RecordedFixture.twoLegs(storage, "rtsp://origin/vod");
    }
  }

  @Test
  void lsListsEachContentAndTellsALiveRecordingFromAFinishedOne() throws Exception {
    ContentDescriptor done = recorded();
    try (Storage storage = Storage.open(RecordedFixture.config(dir))) {
      Recording live = storage.startRecording(RecordedFixture.content("rtsp://origin/live"));
      RecordedFixture.offer(live, 0, 0, 1, 1, 1, new byte[10], 96);
      org.awaitility.Awaitility.await().until(() -> live.stats().recordedPackets() == 1);

      CliRun ls = seamcache("ls", "--data-dir", dir.toString());
      assertThat(ls.exit()).isZero();
      assertThat(ls.out()).contains("ID", "STATE", "LOSS");
      // both legs lost 11 and 12: the seamed video has a gap, so the content is partial
      assertThat(ls.out()).containsPattern(done.id() + "\\s+partial\\s+0:00:00.0\\s+143.2 KiB\\s+241\\s+1.33%\\s+rtsp://origin/vod");
      assertThat(ls.out()).containsPattern(live.id() + "\\s+recording\\s+.*rtsp://origin/live");

      CliRun json = seamcache("ls", "--json", "--data-dir", dir.toString());
      assertThat(json.exit()).isZero();
      assertThat(json.out().strip()).startsWith("[{").endsWith("}]");
      assertThat(json.out()).contains("\"id\":\"" + done.id() + "\",\"url\":\"rtsp://origin/vod\",\"state\":\"partial\","
          + "\"stateDetail\":\"track 0 has 1 gap(s), 2 position(s) missing\"");
      assertThat(json.out()).contains("\"packets\":241,\"bytes\":" + (191 * 712 + 50 * 212));
      assertThat(json.out()).contains("\"state\":\"recording\"", "\"writerPid\":\"" + ProcessHandle.current().pid() + "\"");
      live.finish(true);
      live.whenFinished().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void inspectShowsLegsLossAndGapsAndDrawsTheGapMap() throws Exception {
    ContentDescriptor c = recorded();
    Path svg = dir.resolve("gaps.svg");
    CliRun run = seamcache("inspect", c.id().substring(0, 6), "--data-dir", dir.toString(), "--svg", svg.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("state     partial: track 0 has 1 gap(s), 2 position(s) missing (finished)")
        .contains("result      seq 1000..1099 in leg 0's numbers: 2 missing (2.00%), gaps: 1011-1012")
        .contains("leg 0       95 packets, seq 1000..1099, 5 missing (5.00% loss), reference, filled 95 positions first, "
            + "gaps: 1010-1012 1060-1061")
        .contains("leg 1       96 packets, seq 50000..50099, 4 missing (4.00% loss), aligned (seq offset -49000), "
            + "filled 3 positions first, gaps: 50011-50013 50090")
        .contains("seams       4: 1010 leg 0->leg 1 1013 gap->leg 0 1060 leg 0->leg 1 1062 leg 1->leg 0")
        .doesNotContain("index       rebuilt");
    String picture = Files.readString(svg);
    assertThat(picture).startsWith("<svg").contains("leg 0 ref (5.00% loss, filled 95)", "leg 1 (4.00% loss, filled 3)",
        "seamed (2 missing, 2.00%, 4 seams)");
    assertThat(picture.split("fill=\"#d22\"", -1)).hasSize(1 + 2 + 2 + 1); // leg 0: 2 gaps, leg 1: 2, result: 1
    // the result row: leg 0's colour for 1000-1009, 1013-1059, 1062-1099; leg 1's for 1010 and 1060-1061
    int rowStart = picture.indexOf('\n', picture.indexOf("seamed (2 missing")) + 1; // the rectangles follow the label's line
    String resultRow = picture.substring(rowStart, picture.indexOf('\n', rowStart));
    assertThat(resultRow.split(GapMapSvg.colourOf(0), -1)).hasSize(1 + 3);
    assertThat(resultRow.split(GapMapSvg.colourOf(1), -1)).hasSize(1 + 2);

    CliRun json = seamcache("inspect", c.id(), "--json", "--data-dir", dir.toString());
    assertThat(json.out()).contains("\"gaps\":[[1011,1012]]", "\"alignedLegs\":[{\"leg\":1,\"seqOffset\":-49000",
        "\"legAlignment\":[{\"leg\":0,\"status\":\"reference\"", "\"filled\":3,",
        "\"seams\":[{\"position\":1010,\"fromLeg\":0,\"toLeg\":1}", "\"indexRebuilt\":false");
  }

  @Test
  void unknownIdsGiveExitCode3AndAClearMessage() throws Exception {
    recorded();
    for (String command : List.of("inspect", "verify", "purge")) {
      CliRun run = seamcache(command, "ffffffffffffffff", "--data-dir", dir.toString());
      assertThat(run.exit()).as(command).isEqualTo(3);
      assertThat(run.err()).contains("no content with id 'ffffffffffffffff'");
    }
    CliRun export = seamcache("export", "nope", "--track", "0", "-o", dir.resolve("x.pcap").toString(),
        "--data-dir", dir.toString());
    assertThat(export.exit()).isEqualTo(3);
    CliRun notADataDir = seamcache("ls", "--data-dir", dir.resolve("contents").toString());
    assertThat(notADataDir.exit()).isEqualTo(1);
    assertThat(notADataDir.err()).contains("not a seamcache data directory");
    assertThat(seamcache("ls", "--bogus").exit()).isEqualTo(2);
  }

  @Test
  void verifyPassesASoundRecordingAndFailsAFlippedByte() throws Exception {
    ContentDescriptor c = recorded();
    CliRun sound = seamcache("verify", c.id(), "--data-dir", dir.toString());
    assertThat(sound.exit()).isZero();
    assertThat(sound.out()).contains(c.id() + ": sound, 241 excerpts checked (partial)");

    Path cq4;
    try (Stream<Path> files = Files.list(dir.resolve("contents").resolve(c.id()).resolve("queue"))) {
      cq4 = files.filter(f -> f.toString().endsWith(".cq4")).findFirst().orElseThrow();
    }
    byte[] payload = RecordedFixture.payload(0, 42, 700);
    byte[] bytes = Files.readAllBytes(cq4);
    int at = indexOf(bytes, java.util.Arrays.copyOfRange(payload, 100, 132));
    assertThat(at).isPositive();
    try (RandomAccessFile raf = new RandomAccessFile(cq4.toFile(), "rw")) {
      raf.seek(at);
      raf.write(bytes[at] ^ 1);
    }
    CliRun unsound = seamcache("verify", c.id(), "--json", "--data-dir", dir.toString());
    assertThat(unsound.exit()).isEqualTo(1);
    assertThat(unsound.out()).contains("\"sound\":false", "\"corruptExcerpts\":1", "CRC32C mismatch");
    CliRun ls = seamcache("ls", "--data-dir", dir.toString());
    assertThat(ls.out()).contains(c.id() + "  incomplete!", "damaged: excerpt");
  }

  @Test
  void exportWritesTheBestCopyPerPositionThatTsharkDecodesAsRtp() throws Exception {
    ContentDescriptor c = recorded();
    Path pcap = dir.resolve("video.pcap");
    CliRun run = seamcache("export", c.id(), "--track", "0", "-o", pcap.toString(), "--data-dir", dir.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("wrote 98 packets of track 0 (best copy per position)");

    List<String> fields = tshark(pcap);
    List<String> expected = new ArrayList<>();
    for (long n = 0; n < 100; n++) {
      if (n != 11 && n != 12) {
        expected.add((1_000 + n) + "\t0x00001111"); // leg 1's fills rewritten into the reference's numbers
      }
    }
    assertThat(fields).containsExactlyElementsOf(expected);

    Path leg1 = dir.resolve("leg1.pcap");
    assertThat(seamcache("export", c.id(), "--track", "0", "--leg", "1", "-o", leg1.toString(),
        "--data-dir", dir.toString()).exit()).isZero();
    List<String> leg1Fields = tshark(leg1);
    assertThat(leg1Fields).hasSize(96).first().isEqualTo("50000\t0x00002222");

    CliRun badTrack = seamcache("export", c.id(), "--track", "2", "-o", pcap.toString(), "--data-dir", dir.toString());
    assertThat(badTrack.exit()).isEqualTo(2);
    assertThat(badTrack.err()).contains("--track 2 is not a track");
  }

  @Test
  void purgeDeletesWholeContentsButNeverALiveRecording() throws Exception {
    ContentDescriptor done = recorded();
    try (Storage storage = Storage.open(RecordedFixture.config(dir))) {
      ContentDescriptor other = RecordedFixture.twoLegs(storage, "rtsp://origin/other");
      Recording live = storage.startRecording(RecordedFixture.content("rtsp://origin/live"));
      CliRun busy = seamcache("purge", live.id(), "--data-dir", dir.toString());
      assertThat(busy.exit()).isEqualTo(4);
      assertThat(busy.err()).contains("is being recorded by process");

      CliRun one = seamcache("purge", done.id(), "--data-dir", dir.toString());
      assertThat(one.exit()).isZero();
      assertThat(one.out()).contains("purged " + done.id());
      assertThat(storage.catalog().get(done.id())).isEmpty();

      CliRun all = seamcache("purge", "--all", "--data-dir", dir.toString());
      assertThat(all.exit()).isEqualTo(4);
      assertThat(all.out()).contains("purged " + other.id());
      assertThat(all.err()).contains("skipped " + live.id());
      assertThat(storage.catalog().list()).extracting(i -> i.id()).containsExactly(live.id());
      live.finish(true);
      live.whenFinished().get(10, TimeUnit.SECONDS);
    }
    assertThat(seamcache("purge", "--data-dir", dir.toString()).exit()).isEqualTo(2);
  }

  @Test
  void everyContentCommandDocumentsItsExitCodesAndDataDir() {
    for (String command : List.of("ls", "inspect", "export", "verify", "purge")) {
      CliRun help = seamcache(command, "--help");
      assertThat(help.exit()).isZero();
      assertThat(help.out()).as(command).contains("Exit codes:", "--data-dir=DIR", "  0   ", "  2   usage error");
    }
  }

  private static List<String> tshark(Path pcap) throws Exception {
    assumeThat(Files.isExecutable(Path.of("/usr/bin/tshark"))).as("tshark installed").isTrue();
    Process p = new ProcessBuilder("tshark", "-r", pcap.toString(), "-o", "rtp.heuristic_rtp:TRUE", "-Y", "rtp",
        "-T", "fields", "-e", "rtp.seq", "-e", "rtp.ssrc")
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return text.lines().toList();
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
