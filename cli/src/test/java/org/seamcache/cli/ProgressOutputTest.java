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
import picocli.CommandLine;

/**
 * Long commands show a progress line on a terminal and nothing when piped: here stderr is
 * surefire's pipe (the automatic check says "not a terminal"), and {@code --progress} stands in for
 * a terminal. {@code seam} prints its one-line summary either way.
 */
class ProgressOutputTest {
  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  static Run seamcache(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = SeamcacheCommand.newCommandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
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

    Run piped = seamcache("seam", "-o", out.toString(), a.toString(), b.toString());
    assertThat(piped.code()).as(piped.err()).isZero();
    assertThat(piped.err()).isEmpty();
    assertThat(piped.out()).startsWith("seamed 2 inputs (2 aligned) into " + out + ": ")
        .containsPattern("\\d[\\d,]* packets, \\d+ missing in \\d+ gaps \\(\\d+\\.\\d\\d% residual loss\\)");
    assertThat(piped.out().lines().count()).isEqualTo(1);

    Run forced = seamcache("seam", "--progress", "-o", out.toString(), a.toString(), b.toString());
    assertThat(forced.code()).isZero();
    assertThat(forced.err()).contains("\rseam: reading: 2 of 2 inputs (100%)").contains("\rseam: aligning: ");
    assertThat(forced.out()).isEqualTo(piped.out());

    Run off = seamcache("seam", "--no-progress", "-o", out.toString(), a.toString(), b.toString());
    assertThat(off.err()).isEmpty();
  }

  @Test
  void exportAndVerifyAreQuietWhenPipedAndShowProgressWhenForced() throws Exception {
    ContentDescriptor c;
    try (Storage storage = Storage.open(RecordedFixture.config(dir))) {
      c = RecordedFixture.twoLegs(storage, "rtsp://origin/vod");
    }
    String pcap = dir.resolve("t.pcap").toString();
    Run export = seamcache("export", c.id(), "--track", "0", "-o", pcap, "--data-dir", dir.toString());
    assertThat(export.code()).as(export.err()).isZero();
    assertThat(export.err()).doesNotContain("\r");
    Run exportForced = seamcache("export", c.id(), "--track", "0", "-o", pcap, "--data-dir", dir.toString(), "--progress");
    assertThat(exportForced.code()).isZero();
    assertThat(exportForced.err()).contains("\rexport " + c.id() + ": 1 of ").contains(" packets (");
    assertThat(exportForced.out()).isEqualTo(export.out());

    Run verify = seamcache("verify", c.id(), "--data-dir", dir.toString());
    assertThat(verify.code()).isZero();
    assertThat(verify.err()).doesNotContain("\r");
    Run verifyForced = seamcache("verify", c.id(), "--data-dir", dir.toString(), "--progress");
    assertThat(verifyForced.err()).contains("\rverify " + c.id() + ": ").contains(" excerpts");
    assertThat(verifyForced.out()).isEqualTo(verify.out());
  }
}
