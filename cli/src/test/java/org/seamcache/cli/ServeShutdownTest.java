package org.seamcache.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import org.seamcache.proxy.e2e.Ffmpeg;
import org.seamcache.proxy.e2e.FfmpegDecode;
import org.seamcache.proxy.e2e.Ffprobe;
import org.seamcache.proxy.e2e.OriginServer;
import org.seamcache.proxy.e2e.StreamCounts;
import org.seamcache.proxy.e2e.Transport;

/** {@code seamcache serve} in its own JVM: SIGTERM drains viewers, tears the upstream session down, then it exits 0. */
class ServeShutdownTest {
  @RegisterExtension static OriginServer origin = OriginServer.builder().build();

  @Test
  void sigtermSendsTeardownUpstreamAndExits(@TempDir Path data) throws Exception {
    long teardownsBefore = origin.requestLog().stream().filter(l -> l.contains(" TEARDOWN ")).count();
    Process proxy = startServe(data, "--admin-port", "-1");
    try {
      int port = readyPorts(proxy)[0];
      String live = "rtsp://127.0.0.1:" + port + "/127.0.0.1:" + origin.rtspPort() + "/live";
      StreamCounts seen = Ffprobe.countFrames(java.net.URI.create(live), Transport.TCP, 2, Duration.ofSeconds(30));
      assertThat(seen.video()).as(seen.run().toString()).isGreaterThan(10);
      // The viewer left; the live upstream stays (idle time 60 s) until the proxy is told to stop.
      assertThat(origin.requestLog().stream().filter(l -> l.contains(" TEARDOWN ")).count()).isEqualTo(teardownsBefore);

      proxy.destroy(); // SIGTERM
      assertThat(proxy.waitFor(15, TimeUnit.SECONDS)).as("exited after SIGTERM; output:\n%s", log).isTrue();
      assertThat(proxy.exitValue()).as("a stop asked for is a clean exit; output:\n%s", log).isZero();
      assertThat(origin.requestLog().stream().filter(l -> l.contains(" TEARDOWN ")).count()).as(origin.log()).isGreaterThan(teardownsBefore);
    } finally {
      proxy.destroyForcibly();
    }
  }

  /**
   * A graceful stop with viewers playing: they are told the stream ends and leave by themselves
   * (ffmpeg exits 0 long before its 60 s), a viewer connection still open gets 503 for a new DESCRIBE
   * and /ready says why, the recording is finished (not left {@code incomplete}), the process exits 0.
   */
  @Test
  void sigtermTellsPlayingViewersTheStreamEndsAndDrains(@TempDir Path data) throws Exception {
    long teardownsBefore = origin.requestLog().stream().filter(l -> l.contains(" TEARDOWN ")).count();
    Process proxy = startServe(data, "--admin-port", "0", "--drain-seconds", "4");
    try {
      int[] ports = readyPorts(proxy);
      java.net.URI live = java.net.URI.create("rtsp://127.0.0.1:" + ports[0] + "/127.0.0.1:" + origin.rtspPort() + "/live");
      var tcp = Ffmpeg.of(live).transport(Transport.TCP).durationSeconds(60).timeout(Duration.ofSeconds(50)).decodeAsync();
      var udp = Ffmpeg.of(live).transport(Transport.UDP).durationSeconds(60).timeout(Duration.ofSeconds(50)).decodeAsync();
      java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
          .until(() -> get(http, ports[1], "/status").body().contains("\"viewers\":2"));
      assertThat(get(http, ports[1], "/ready").statusCode()).isEqualTo(200);
      // a few seconds of media in the recording and the players first (both viewers: ~180 packets a second, and a GOP each at the join)
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
          .until(() -> packetsOut(get(http, ports[1], "/status").body()) >= 500);
      // A third session, set up but not playing: nothing tells it to go, so the drain runs its full 4 s.
      try (java.net.Socket idle = new java.net.Socket("127.0.0.1", ports[0])) {
        idle.setSoTimeout(10_000);
        var in = new BufferedReader(new InputStreamReader(idle.getInputStream(), StandardCharsets.US_ASCII));
        String sdp = request(idle, in, "DESCRIBE " + live + " RTSP/1.0\r\nCSeq: 1\r\nAccept: application/sdp\r\n\r\n");
        String control = sdp.lines().filter(l -> l.startsWith("a=control:") && !l.endsWith("*")).findFirst().orElseThrow().substring(10);
        String track = control.startsWith("rtsp://") ? control : live + "/" + control;
        assertThat(request(idle, in, "SETUP " + track + " RTSP/1.0\r\nCSeq: 2\r\nTransport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n\r\n"))
            .startsWith("RTSP/1.0 200");
        long stopAt = System.nanoTime();
        proxy.destroy(); // SIGTERM
        // the signal reaches the process a moment later
        var ready = await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(20))
            .until(() -> get(http, ports[1], "/ready"), r -> r.statusCode() != 200);
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).contains("shutting down");
        assertThat(request(idle, in, "DESCRIBE " + live + " RTSP/1.0\r\nCSeq: 3\r\n\r\n")).startsWith("RTSP/1.0 503 the proxy is shutting down");

        FfmpegDecode t = tcp.get(20, TimeUnit.SECONDS);
        FfmpegDecode u = udp.get(20, TimeUnit.SECONDS);
        double leftAfter = (System.nanoTime() - stopAt) / 1e9;
        for (FfmpegDecode d : List.of(t, u)) {
          assertThat(d.run().exitCode()).as("the viewer ended by itself at the BYE: %s", d.run()).isZero();
          assertThat(d.streams().get(0).frames()).as(d.run().toString()).hasSizeGreaterThan(20);
        }
        assertThat(leftAfter).as("viewers left at the BYE, not at their 60 s").isLessThan(20);
        assertThat(proxy.waitFor(15, TimeUnit.SECONDS)).as("exited; output:\n%s", log).isTrue();
        assertThat(proxy.exitValue()).as("output:\n%s", log).isZero();
        System.out.printf(java.util.Locale.ROOT, "graceful stop: both players ended %.2f s after SIGTERM, the process exited 0 after %.2f s (drain 4 s held by an idle session)%n",
            leftAfter, (System.nanoTime() - stopAt) / 1e9);
      }
      assertThat(log.toString()).contains("2 of 3 viewer session(s) left on their own").doesNotContain("Exception");
      assertThat(origin.requestLog().stream().filter(l -> l.contains(" TEARDOWN ")).count()).as(origin.log()).isGreaterThan(teardownsBefore);
      CommandLine cli = new CommandLine(new SeamcacheCommand());
      java.io.StringWriter ls = new java.io.StringWriter();
      cli.setOut(new java.io.PrintWriter(ls));
      assertThat(cli.execute("ls", "--data-dir", data.toString())).isZero();
      assertThat(ls.toString()).as(ls.toString()).doesNotContain("incomplete").doesNotContain("recording").containsPattern("partial|complete");
    } finally {
      proxy.destroyForcibly();
    }
  }

  private Path output;
  /** What the process printed: read from its output file (reading a pipe races with the process's exit). */
  private final Object log = new Object() {
    @Override
    public String toString() {
      try {
        return Files.readString(output);
      } catch (java.io.IOException e) {
        return "(output unreadable: " + e.getMessage() + ")";
      }
    }
  };

  private Process startServe(Path data, String... more) throws java.io.IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    // The same module flags this JVM got (Chronicle needs them), nothing else of surefire's.
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-") || arg.startsWith("--enable-native-access") || arg.startsWith("--sun-misc") || arg.startsWith("-Dchronicle")) {
        cmd.add(arg);
      }
    }
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), SeamcacheCommand.class.getName(),
        "serve", "--bind", "127.0.0.1", "--rtsp-port", "0", "--data-dir", data.toString(),
        "--allow-origin", "127.0.0.0/8", "--live-idle-seconds", "60"));
    cmd.addAll(List.of(more));
    output = Files.createTempFile("serve", ".out");
    output.toFile().deleteOnExit();
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output.toFile()).start();
  }

  /** The RTSP and admin ports from the READY line. */
  private int[] readyPorts(Process proxy) {
    String line = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
        .until(() -> Files.readAllLines(output).stream().filter(l -> l.startsWith("READY rtsp=")).findFirst().orElse(proxy.isAlive() ? null : ""),
            l -> l != null);
    if (line.isEmpty()) {
      throw new IllegalStateException("serve ended before READY:\n" + log);
    }
    return new int[] {Integer.parseInt(line.replaceAll("READY rtsp=(\\d+).*", "$1")), Integer.parseInt(line.replaceAll(".*admin=(-?\\d+).*", "$1"))};
  }

  private static long packetsOut(String statusJson) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"packetsOut\":(\\d+)").matcher(statusJson);
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }

  private static java.net.http.HttpResponse<String> get(java.net.http.HttpClient http, int port, String path) throws Exception {
    return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(5)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
  }

  /** Sends one RTSP request and reads its answer: the head, a blank line, then the body (Content-Length). */
  private static String request(java.net.Socket socket, BufferedReader in, String request) throws java.io.IOException {
    socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
    StringBuilder answer = new StringBuilder();
    int length = 0;
    for (String line; (line = in.readLine()) != null && !line.isEmpty(); ) {
      answer.append(line).append('\n');
      if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    char[] body = new char[length];
    for (int n = 0; n < length; ) {
      int r = in.read(body, n, length - n);
      if (r < 0) {
        break;
      }
      n += r;
    }
    return answer.append('\n').append(body).toString();
  }

}
