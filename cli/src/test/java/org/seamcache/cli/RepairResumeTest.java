package org.seamcache.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.seamcache.cli.logging.ServeJvm;
import org.seamcache.proxy.e2e.Ffprobe;
import org.seamcache.proxy.e2e.OriginServer;
import org.seamcache.proxy.e2e.StreamCounts;
import org.seamcache.proxy.e2e.Transport;
import picocli.CommandLine;

/**
 * kill -9 in the middle of a repair: the restarted proxy finds the title interrupted and repairs it
 * again until it is complete; nothing is called complete before it is.
 */
class RepairResumeTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @RegisterExtension static OriginServer origin = OriginServer.builder().build();

  @Test
  void aRepairKilledMidwayIsResumedAfterTheRestart(@TempDir Path data) throws Exception {
    // the first run has an admin port: its /status shows the repair leg's progress
    try (ServeJvm first = ServeJvm.start(serve(data, "0"))) {
      URI title = URI.create("rtsp://127.0.0.1:" + first.rtspPort() + "/127.0.0.1:" + origin.rtspPort() + "/vod-video");
      StreamCounts seen = Ffprobe.countFrames(title, Transport.TCP, 3, Duration.ofSeconds(30)); // 3 s of a 20 s title
      assertThat(seen.video()).as(seen.run().toString()).isGreaterThan(10);
      first.awaitLine(l -> l.contains("repair of ") && l.contains("(attempt 1 of 3): fetching"), WAIT);
      // a few seconds into the repair's range: its leg has brought some packets
      java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
      URI status = URI.create("http://127.0.0.1:" + first.adminPort() + "/status");
      org.awaitility.Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
        String json = http.send(java.net.http.HttpRequest.newBuilder(status).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"packetsIn\":(\\d+)").matcher(json.substring(0, Math.max(0, json.indexOf("\"liveStreams\""))));
        long most = 0;
        while (m.find()) {
          most = Math.max(most, Long.parseLong(m.group(1)));
        }
        return most >= 150;
      });
      first.kill();
    }
    assertThat(ls(data)).as("killed mid-repair: not complete").doesNotContain(" complete ").contains("incomplete");

    try (ServeJvm second = ServeJvm.start(serve(data, "-1"))) {
      second.rtspPort();
      second.awaitLine(l -> l.contains("repair after restart: 1 stored title(s) partial or interrupted"), WAIT);
      second.awaitLine(l -> l.contains("repair of ") && l.contains(": complete"), WAIT);
      assertThat(second.stop()).isZero();
    }
    String after = ls(data);
    assertThat(after).as(after).contains("complete").doesNotContain("incomplete").doesNotContain("partial");
    // inspect shows the repairs: the attempt cut by the kill and the one that completed the title
    String id = after.lines().filter(l -> l.contains("complete")).findFirst().orElseThrow().trim().split("\\s+")[0];
    StringWriter out = new StringWriter();
    CommandLine cl = SeamcacheCommand.newCommandLine();
    cl.setOut(new PrintWriter(out, true));
    assertThat(cl.execute("inspect", "--data-dir", data.toString(), id)).isZero();
    assertThat(out.toString()).as(out.toString()).contains("repair history").contains("attempt 1: fetching").contains("complete after");
  }

  private static String[] serve(Path data, String adminPort) {
    return new String[] {"serve", "--data-dir", data.toString(), "--bind", "127.0.0.1", "--rtsp-port", "0", "--admin-port", adminPort,
        "--allow-origin", "127.0.0.0/8"};
  }

  private static String ls(Path data) {
    StringWriter out = new StringWriter();
    CommandLine cl = SeamcacheCommand.newCommandLine();
    cl.setOut(new PrintWriter(out, true));
    assertThat(cl.execute("ls", "--data-dir", data.toString())).isZero();
    return out.toString();
  }
}
