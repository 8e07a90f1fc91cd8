package org.seamcache.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.seamcache.proxy.e2e.Ffprobe;
import org.seamcache.proxy.e2e.OriginServer;
import org.seamcache.proxy.e2e.StreamCounts;
import org.seamcache.proxy.e2e.Transport;

/** {@code seamcache serve} in its own JVM: SIGTERM tears the upstream session down, then it exits. */
class ServeShutdownTest {
  @RegisterExtension static OriginServer origin = OriginServer.builder().build();

  @Test
  void sigtermSendsTeardownUpstreamAndExits(@TempDir Path data) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    // The same module flags this JVM got (Chronicle needs them), nothing else of surefire's.
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-") || arg.startsWith("--enable-native-access") || arg.startsWith("--sun-misc") || arg.startsWith("-Dchronicle")) {
        cmd.add(arg);
      }
    }
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), SeamcacheCommand.class.getName(),
        "serve", "--bind", "127.0.0.1", "--rtsp-port", "0", "--admin-port", "-1", "--data-dir", data.toString(),
        "--allow-origin", "127.0.0.0/8", "--live-idle-seconds", "60"));
    Process proxy = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(proxy.getInputStream(), StandardCharsets.UTF_8));
      StringBuilder log = new StringBuilder();
      int port = CompletableFuture.supplyAsync(() -> readyPort(out, log)).get(30, TimeUnit.SECONDS);
      CompletableFuture.runAsync(() -> out.lines().forEach(l -> log.append(l).append('\n')));

      String live = "rtsp://127.0.0.1:" + port + "/127.0.0.1:" + origin.rtspPort() + "/live";
      StreamCounts seen = Ffprobe.countFrames(java.net.URI.create(live), Transport.TCP, 2, Duration.ofSeconds(30));
      assertThat(seen.video()).as(seen.run().toString()).isGreaterThan(10);
      // The viewer left; the live upstream stays (idle time 60 s) until the proxy is told to stop.
      assertThat(origin.requestLog().stream().noneMatch(l -> l.contains(" TEARDOWN "))).isTrue();

      proxy.destroy(); // SIGTERM
      assertThat(proxy.waitFor(15, TimeUnit.SECONDS)).as("exited after SIGTERM; output:\n%s", log).isTrue();
      assertThat(origin.requestLog().stream().anyMatch(l -> l.contains(" TEARDOWN "))).as(origin.log()).isTrue();
    } finally {
      proxy.destroyForcibly();
    }
  }

  private static int readyPort(BufferedReader out, StringBuilder log) {
    try {
      for (String line; (line = out.readLine()) != null; ) {
        log.append(line).append('\n');
        if (line.startsWith("READY rtsp=")) {
          return Integer.parseInt(line.replaceAll("READY rtsp=(\\d+).*", "$1"));
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    throw new IllegalStateException("serve ended before READY:\n" + log);
  }
}
