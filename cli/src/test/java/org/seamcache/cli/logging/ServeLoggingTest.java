package org.seamcache.cli.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.seamcache.proxy.e2e.Ffprobe;
import org.seamcache.proxy.e2e.OriginServer;
import org.seamcache.proxy.e2e.StreamCounts;
import org.seamcache.proxy.e2e.Transport;

/**
 * {@code seamcache serve} in its own JVM with a real origin and ffprobe as viewers: the access log
 * in both formats, levels from options and from {@code POST /log-level}, bad values.
 */
class ServeLoggingTest {
  @RegisterExtension static OriginServer origin = OriginServer.builder().build();

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Pattern ISO_TIME = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d)");
  private static final Pattern TEXT_LINE = Pattern.compile("^" + ISO_TIME.pattern() + " (ERROR|WARN |INFO |DEBUG|TRACE) \\[[^\\]]+\\] \\S+: .*");

  @Test
  void jsonLogHasOneObjectPerLineWithTheAccessLogFields(@TempDir Path data) throws Exception {
    try (ServeJvm serve = serve(data, "--log-format", "json")) {
      int port = serve.rtspPort();
      URI live = URI.create("rtsp://127.0.0.1:" + port + "/127.0.0.1:" + origin.rtspPort() + "/live");
      StreamCounts tcp = Ffprobe.countFrames(live, Transport.TCP, 2, Duration.ofSeconds(30));
      StreamCounts udp = Ffprobe.countFrames(live, Transport.UDP, 2, Duration.ofSeconds(30));
      assertThat(tcp.video()).as(tcp.run().toString()).isGreaterThan(10);
      assertThat(udp.video()).as(udp.run().toString()).isGreaterThan(10);
      String refusedUrl = "rtsp://127.0.0.1:" + port + "/10.9.8.7/secret";
      assertThat(rtsp(port, "DESCRIBE", refusedUrl)).startsWith("RTSP/1.0 403 ");

      Map<String, Object> tcpLine = FlatJson.parse(serve.awaitLine(l -> l.contains("\"session ended\"") && l.contains("\"transport\":\"tcp\""), WAIT));
      assertThat(tcpLine).containsEntry("logger", "seamcache.access").containsEntry("level", "INFO").containsEntry("url", live.toString())
          .containsEntry("source", "live").containsEntry("dropped", 0L).containsEntry("failed", 0L);
      assertThat((String) tcpLine.get("ended")).isIn("teardown", "connection-closed");
      assertThat((String) tcpLine.get("client")).startsWith("127.0.0.1:");
      assertThat((Long) tcpLine.get("packets")).isGreaterThan(50);
      assertThat((Long) tcpLine.get("bytes")).isGreaterThan((Long) tcpLine.get("packets") * 12);
      assertThat(((Number) tcpLine.get("duration_s")).doubleValue()).isBetween(1.0, 60.0);
      assertThat((String) tcpLine.get("session")).hasSize(16);

      Map<String, Object> udpLine = FlatJson.parse(serve.awaitLine(l -> l.contains("\"session ended\"") && l.contains("\"transport\":\"udp\""), WAIT));
      assertThat(udpLine).containsEntry("source", "live").containsEntry("ended", "teardown");
      assertThat((Long) udpLine.get("packets")).isGreaterThan(50);

      Map<String, Object> refused = FlatJson.parse(serve.awaitLine(l -> l.contains("\"request refused\"") && l.contains("10.9.8.7"), WAIT));
      assertThat(refused).containsEntry("logger", "seamcache.access").containsEntry("method", "DESCRIBE").containsEntry("url", refusedUrl)
          .containsEntry("status", 403L);
      assertThat((String) refused.get("reason")).contains("10.9.8.7").contains("not in the allowed");

      serve.stop();
      List<String> log = serve.log();
      assertThat(log).isNotEmpty();
      for (String line : log) {
        Map<String, Object> o = FlatJson.parse(line);
        assertThat(o).containsKeys("time", "level", "thread", "logger", "message");
        assertThat((String) o.get("time")).matches(ISO_TIME);
        assertThat((String) o.get("logger")).as(line).doesNotStartWith("io.netty").doesNotStartWith("net.openhft");
      }
    }
  }

  @Test
  void textLinesStartWithATimestampAndPostLogLevelChangesALevel(@TempDir Path data) throws Exception {
    try (ServeJvm serve = serve(data)) {
      int port = serve.rtspPort();
      int admin = serve.adminPort();
      String base = "rtsp://127.0.0.1:" + port + "/";

      HttpResponse<String> quiet = post(admin, "/log-level?logger=seamcache.access&level=warn");
      assertThat(quiet.statusCode()).isEqualTo(200);
      assertThat(quiet.body()).isEqualTo("seamcache.access: INFO -> WARN\n");
      assertThat(rtsp(port, "DESCRIBE", base + "10.0.0.1/while-quiet")).startsWith("RTSP/1.0 403 ");
      assertThat(post(admin, "/log-level?logger=seamcache.access&level=INFO").body()).isEqualTo("seamcache.access: WARN -> INFO\n");
      assertThat(rtsp(port, "DESCRIBE", base + "10.0.0.2/after")).startsWith("RTSP/1.0 403 ");

      String line = serve.awaitLine(l -> l.contains("10.0.0.2/after"), WAIT);
      assertThat(line).matches(TEXT_LINE).contains(" INFO  ", " access: request refused client=127.0.0.1:", " method=DESCRIBE ",
          " url=" + base + "10.0.0.2/after ", " status=403 ", " reason=\"origin 10.0.0.2 is not in the allowed");
      // The refusal is logged before its answer is written: its line would be there by now.
      assertThat(serve.log()).noneMatch(l -> l.contains("while-quiet"));

      HttpResponse<String> bad = post(admin, "/log-level?logger=seamcache.access&level=loud");
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(bad.body()).contains("unknown level 'loud'", "error, warn, info, debug, trace");
      assertThat(post(admin, "/log-level?level=debug").statusCode()).isEqualTo(400);
      HttpResponse<String> debug = post(admin, "/log-level?logger=root&level=debug");
      assertThat(debug.body()).isEqualTo("ROOT: INFO -> DEBUG\n");

      serve.stop();
      assertThat(serve.log()).isNotEmpty().allMatch(l -> TEXT_LINE.matcher(l).matches());
      assertThat(serve.log()).anyMatch(l -> l.contains(" INFO  [main] ProxyServer: seamcache listening: RTSP "));
    }
  }

  @Test
  void logLevelWarnHidesInfoLines(@TempDir Path data) throws Exception {
    try (ServeJvm serve = serve(data, "--log-level", "warn")) {
      int port = serve.rtspPort();
      assertThat(rtsp(port, "DESCRIBE", "rtsp://127.0.0.1:" + port + "/10.0.0.3/x")).startsWith("RTSP/1.0 403 ");
      serve.stop();
      assertThat(serve.log()).noneMatch(l -> l.contains("INFO"));
    }
  }

  @Test
  void logKeysFromTheConfigFile(@TempDir Path data) throws Exception {
    Path conf = Files.writeString(data.resolve("seamcache.conf"), "log-level=debug\nlog-format=json\n");
    try (ServeJvm serve = serve(data, "--config", conf.toString())) {
      int port = serve.rtspPort();
      assertThat(post(serve.adminPort(), "/log-level?logger=root&level=info").body()).isEqualTo("ROOT: DEBUG -> INFO\n");
      assertThat(rtsp(port, "DESCRIBE", "rtsp://127.0.0.1:" + port + "/10.0.0.4/x")).startsWith("RTSP/1.0 403 ");
      assertThat(FlatJson.parse(serve.awaitLine(l -> l.contains("10.0.0.4"), WAIT))).containsEntry("status", 403L);
      serve.stop();
      serve.log().forEach(FlatJson::parse);
    }
  }

  @Test
  void badLogValuesExitTwoWithOneLineNamingTheOption(@TempDir Path data) throws Exception {
    try (ServeJvm serve = ServeJvm.start("serve", "--data-dir", data.toString(), "--log-level", "loud")) {
      assertThat(serve.awaitExit()).isEqualTo(2);
      assertThat(serve.log()).containsExactly("seamcache serve: --log-level loud: not a level; one of error, warn, info, debug, trace");
    }
    Path conf = Files.writeString(data.resolve("bad.conf"), "log-format=xml\n");
    try (ServeJvm serve = ServeJvm.start("serve", "--data-dir", data.toString(), "--config", conf.toString())) {
      assertThat(serve.awaitExit()).isEqualTo(2);
      assertThat(serve.log()).containsExactly("seamcache serve: config " + conf + ": log-format=xml: not a log format; text or json");
    }
  }

  private static ServeJvm serve(Path data, String... more) throws Exception {
    List<String> args = new java.util.ArrayList<>(List.of("serve", "--bind", "127.0.0.1", "--rtsp-port", "0", "--admin-port", "0",
        "--data-dir", data.resolve("data").toString(), "--allow-origin", "127.0.0.0/8"));
    args.addAll(List.of(more));
    return ServeJvm.start(args.toArray(String[]::new));
  }

  /** One RTSP request on a fresh connection; its answer's status line. */
  private static String rtsp(int port, String method, String url) throws Exception {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write((method + " " + url + " RTSP/1.0\r\nCSeq: 1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
    }
  }

  private static HttpResponse<String> post(int adminPort, String pathAndQuery) throws Exception {
    return HttpClient.newHttpClient()
        .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + pathAndQuery)).POST(HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
