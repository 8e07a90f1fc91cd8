package org.seamcache.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seamcache.storage.ContentDescriptor;
import org.seamcache.storage.Storage;

/**
 * Long commands show a progress line on a terminal and nothing when piped: here stderr is
 * surefire's pipe (the automatic check says "not a terminal"), and {@code --progress} stands in for
 * a terminal. {@code seam} prints its one-line summary either way.
 */
class ProgressOutputTest {
  @TempDir Path dir;

  static CliRun seamcache(String... args) {
    return CliRun.of(args);
  }

  @Test
  void stderrOfATestRunIsNotATerminal() {
    assertThat(StderrTerminal.isTerminal()).isFalse();
    assertThat(StderrTerminal.isTerminalDevice("/dev/pts/3")).isTrue();
    assertThat(StderrTerminal.isTerminalDevice("/dev/tty1")).isTrue();
    assertThat(StderrTerminal.isTerminalDevice("pipe:[123456]")).isFalse();
    assertThat(StderrTerminal.isTerminalDevice("/tmp/out.log")).isFalse();
    assertThat(StderrTerminal.isTerminalDevice("/dev/null")).isFalse();
  }

  @Test
  void aDisabledLineWritesNothingAndAnEnabledOneRewritesItselfInPlace() {
    StringWriter off = new StringWriter();
    try (ProgressLine p = new ProgressLine(new PrintWriter(off), "export x", false)) {
      p.update(5, 10, "packets");
    }
    assertThat(off.toString()).isEmpty();
    StringWriter on = new StringWriter();
    try (ProgressLine p = new ProgressLine(new PrintWriter(on), "export x", true)) {
      p.update(5, 10, "packets");
      p.update(6, 10, "packets"); // within 200 ms of the last: held back
      p.update(7, 10, "packets"); // held back too, and shown when the line closes
    }
    assertThat(on.toString()).isEqualTo("\rexport x: 5 of 10 packets (50%)\rexport x: 7 of 10 packets (70%)" + System.lineSeparator());
  }

  @Test
  void seamIsQuietWhenPipedShowsProgressWhenForcedAndAlwaysSummarises() throws Exception {
    Random rnd = new Random(7);
    byte[][] content = SeamCommandTest.content(rnd, 3000);
    Path a = dir.resolve("a.pcap");
    Path b = dir.resolve("b.pcap");
    SeamCommandTest.writeSession(a, content, 0, 3000, 0x1111, 100, 5000, 0.05, rnd, 6000);
    SeamCommandTest.writeSession(b, content, 0, 3000, 0x2222, 40000, 900000, 0.05, rnd, 6002);
    Path out = dir.resolve("out.pcap");

    CliRun piped = seamcache("seam", "-o", out.toString(), a.toString(), b.toString());
    assertThat(piped.exit()).as(piped.err()).isZero();
    assertThat(piped.err()).isEmpty();
    assertThat(piped.out()).startsWith("seamed 2 inputs (2 aligned) into " + out + ": ")
        .containsPattern("\\d[\\d,]* packets, \\d+ missing in \\d+ gaps \\(\\d+\\.\\d\\d% residual loss\\)");
    assertThat(piped.out().lines().count()).isEqualTo(1);

    CliRun forced = seamcache("seam", "--progress", "-o", out.toString(), a.toString(), b.toString());
    assertThat(forced.exit()).isZero();
    assertThat(forced.err()).contains("\rseam: reading: 2 of 2 inputs (100%)").contains("\rseam: aligning: ");
    assertThat(forced.out()).isEqualTo(piped.out());

    CliRun off = seamcache("seam", "--no-progress", "-o", out.toString(), a.toString(), b.toString());
    assertThat(off.err()).isEmpty();
  }

  @Test
  void exportAndVerifyAreQuietWhenPipedAndShowProgressWhenForced() throws Exception {
    ContentDescriptor c;
    try (Storage storage = Storage.open(RecordedFixture.config(dir))) {
      c = RecordedFixture.twoLegs(storage, "rtsp://origin/vod");
    }
    String pcap = dir.resolve("t.pcap").toString();
    CliRun export = seamcache("export", c.id(), "--track", "0", "-o", pcap, "--data-dir", dir.toString());
    assertThat(export.exit()).as(export.err()).isZero();
    assertThat(export.err()).doesNotContain("\r");
    CliRun exportForced = seamcache("export", c.id(), "--track", "0", "-o", pcap, "--data-dir", dir.toString(), "--progress");
    assertThat(exportForced.exit()).isZero();
    assertThat(exportForced.err()).contains("\rexport " + c.id() + ": 1 of ").contains(" packets (");
    assertThat(exportForced.out()).isEqualTo(export.out());

    CliRun verify = seamcache("verify", c.id(), "--data-dir", dir.toString());
    assertThat(verify.exit()).isZero();
    assertThat(verify.err()).doesNotContain("\r");
    CliRun verifyForced = seamcache("verify", c.id(), "--data-dir", dir.toString(), "--progress");
    assertThat(verifyForced.err()).contains("\rverify " + c.id() + ": ").contains(" excerpts");
    assertThat(verifyForced.out()).isEqualTo(verify.out());
  }
}
