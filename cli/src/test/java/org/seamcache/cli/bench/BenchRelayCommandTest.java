package org.seamcache.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.seamcache.cli.SeamcacheCommand;
import org.seamcache.cli.logging.ServeJvm;
import picocli.CommandLine;

/**
 * {@code seamcache bench-relay} for real on a tiny setting: the test origin, seamcache, and a
 * second seamcache standing in for the baseline relay (so live555 is not needed), 3 UDP viewers,
 * a 2 s window, one repetition. The report must hold sane figures for both and their ratios, and
 * every process it started must be gone afterwards.
 */
class BenchRelayCommandTest {
  private static final Pattern PID = Pattern.compile("pid (\\d+)");

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = SeamcacheCommand.newCommandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  /** One relay's median and the ratio of a row of the JSON report; null where the report says null. */
  private record Cell(Double seamcache, Double baseline, Double ratio) {}

  private static Cell row(String json, String label) {
    Matcher m = Pattern.compile("\"label\":\"" + Pattern.quote(label) + "\",\"unit\":\"[^\"]*\",\"seamcache\":\\{\"median\":([^,]+),"
        + ".*?\"baseline\":\\{\"median\":([^,]+),.*?\"ratio\":([^}]+)}").matcher(json);
    assertThat(m.find()).as("row %s in %s", label, json).isTrue();
    return new Cell(number(m.group(1)), number(m.group(2)), number(m.group(3)));
  }

  private static Double number(String s) {
    return s.equals("null") ? null : Double.valueOf(s);
  }

  @Test
  void measuresSeamcacheAgainstAStandInBaselineAndLeavesNoProcessBehind() {
    String standIn = String.join(" ", ServeJvm.command());
    Run r = run("bench-relay", "--baseline-command", standIn, "--viewers", "3", "--transport", "udp", "--seconds", "2", "--reps", "1",
        "--sessions", "2", "--idle-seconds", "1", "--warmup-seconds", "1", "--json");
    assertThat(r.exit()).as("exit code; stderr:\n%s\nstdout:\n%s", r.err(), r.out()).isZero();
    String json = r.out();

    for (String label : List.of("3 UDP viewers, steady", "3 UDP viewers, incl. set-up")) {
      Cell c = row(json, label);
      assertThat(c.seamcache()).as(label).isPositive();
      assertThat(c.baseline()).as(label).isPositive();
      assertThat(c.ratio()).as(label).isPositive();
    }
    Cell delivered = row(json, "3 UDP viewers, packets delivered in the steady window");
    // 4 viewers (the keeper too) of a ~88 packets/s stream for 2 s deliver ~700; 100 is far below any sane relay
    assertThat(delivered.seamcache()).isGreaterThan(100);
    assertThat(delivered.baseline()).isGreaterThan(100);
    assertThat(row(json, "3 UDP viewers, viewers that failed")).isEqualTo(new Cell(0.0, 0.0, null));
    Cell loss = row(json, "3 UDP viewers, loss");
    assertThat(loss.seamcache()).isLessThan(5.0);
    assertThat(loss.baseline()).isLessThan(5.0);
    Cell firstPacket = row(json, "3 UDP viewers, PLAY -> first packet");
    Cell firstKeyFrame = row(json, "3 UDP viewers, PLAY -> first key frame");
    assertThat(firstPacket.seamcache()).isPositive().isLessThan(10_000.0);
    assertThat(firstKeyFrame.seamcache()).isGreaterThanOrEqualTo(firstPacket.seamcache()).isLessThan(10_000.0);
    assertThat(firstKeyFrame.baseline()).isGreaterThanOrEqualTo(firstPacket.baseline()).isLessThan(10_000.0);
    Cell rss = row(json, "RSS, keeper viewer only");
    assertThat(rss.seamcache()).as("a JVM's RSS in MiB").isGreaterThan(10.0);
    assertThat(row(json, "peak RSS (VmHWM)").seamcache()).isGreaterThanOrEqualTo(rss.seamcache());
    assertThat(row(json, "set-up + teardown per viewer").seamcache()).as("measured (its sign is noise at 2 sessions)").isNotNull();
    assertThat(row(json, "idle CPU, keeper viewer only").seamcache()).as("a JVM relaying a stream").isPositive();
    assertThat(json).contains("seamcache JVM options (").contains("-XX:+ExitOnOutOfMemoryError");

    List<Long> pids = new ArrayList<>();
    Matcher m = PID.matcher(json);
    while (m.find()) {
      pids.add(Long.valueOf(m.group(1)));
    }
    assertThat(pids).as("the origin's, seamcache's and the baseline's pids in the header").hasSize(3);
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(pids).noneMatch(p -> ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false)));
  }

  @Test
  void withoutABaselineItSaysWhichOptionsGiveOne() {
    Run r = run("bench-relay", "--viewers", "3");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--baseline PATH").contains("--baseline-command CMD");
  }

  @Test
  void aBaselineThatIsNoProgramIsAUsageError() {
    Run r = run("bench-relay", "--baseline", "/nonexistent/live555ProxyServer");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--baseline /nonexistent/live555ProxyServer is not an executable file");
  }

  @Test
  void boundsAreUsageErrors() {
    assertThat(run("bench-relay", "--baseline-command", "java", "--seconds", "41").err()).contains("--seconds must be 1-40");
    assertThat(run("bench-relay", "--baseline-command", "java", "--transport", "quic").err()).contains("--transport must be udp, tcp");
    assertThat(run("bench-relay", "--baseline-command", "java", "--viewers", "0").exit()).isEqualTo(2);
  }
}
