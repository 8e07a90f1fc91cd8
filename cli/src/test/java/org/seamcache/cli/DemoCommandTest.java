package org.seamcache.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code seamcache demo} end to end, short (6 s viewings): the real test origin, 5% loss by
 * nftables (the tests run as root, as CI does), ffprobe as viewer. Asserts on what it prints, and
 * that it leaves no process, rule or directory behind.
 */
class DemoCommandTest {

  @Test
  void opensExtraLegsUnderLossAndServesTheStoredTitleFromDiskWithTheOriginStopped() throws Exception {
    List<Path> before = demoDirs();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = SeamcacheCommand.newCommandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    long start = System.nanoTime();
    int code = cl.execute("demo", "--seconds", "6");
    double took = (System.nanoTime() - start) / 1e9;
    String text = out.toString();
    System.out.printf("demo --seconds 6 took %.1f s:%n%s%s", took, text, err);

    assertThat(code).as(text + err).isZero();
    assertThat(took).isLessThan(90);
    Matcher legs = Pattern.compile("Result: extra legs opened under loss: (\\d+); the stored title was served from disk with the origin stopped\\.")
        .matcher(text);
    assertThat(legs.find()).as(text).isTrue();
    assertThat(Integer.parseInt(legs.group(1))).isPositive();
    assertThat(text).contains("gaps filled from another leg: ").contains("residual loss: ")
        .contains("recording complete: ").contains("served from disk: 0 upstream sessions opened for it")
        .contains("curl -s ").contains("seamcache ls --data-dir");

    // nothing left behind: the origin's PID, the loss table, the temporary directory
    Matcher pid = Pattern.compile("origin\\.py \\(gst-rtsp-server\\), pid (\\d+)").matcher(text);
    assertThat(pid.find()).isTrue();
    assertThat(ProcessHandle.of(Long.parseLong(pid.group(1))).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    Matcher table = Pattern.compile("nftables table inet (\\S+)\\)").matcher(text);
    assertThat(table.find()).isTrue();
    Process nft = new ProcessBuilder("nft", "list", "tables").redirectErrorStream(true).start();
    assertThat(new String(nft.getInputStream().readAllBytes())).doesNotContain(table.group(1));
    assertThat(demoDirs()).containsExactlyInAnyOrderElementsOf(before);
  }

  @Test
  void refusesBadOptionsAsUsageErrors() {
    StringWriter err = new StringWriter();
    CommandLine cl = SeamcacheCommand.newCommandLine();
    cl.setOut(new PrintWriter(new StringWriter()));
    cl.setErr(new PrintWriter(err));
    assertThat(cl.execute("demo", "--seconds", "2")).isEqualTo(2);
    assertThat(err.toString()).contains("--seconds must be 4-30");
    assertThat(cl.execute("demo", "--origin", "http://x/")).isEqualTo(2);
  }

  private static List<Path> demoDirs() throws Exception {
    try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return s.filter(p -> p.getFileName().toString().startsWith("seamcache-demo-") && !p.getFileName().toString().equals("seamcache-demo-ports"))
          .toList();
    }
  }
}
