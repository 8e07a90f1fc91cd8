package org.seamcache.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.seamcache.cli.logging.ServeJvm;
import org.seamcache.proxy.e2e.Ffmpeg;
import org.seamcache.proxy.e2e.FfmpegDecode;
import org.seamcache.proxy.e2e.Ffprobe;
import org.seamcache.proxy.e2e.OriginServer;
import org.seamcache.proxy.e2e.StreamCounts;
import org.seamcache.proxy.e2e.Transport;

/**
 * SIGHUP reloads what can change while running: a route added to the file serves at once, a viewer
 * already playing plays on, a setting that needs a restart says so, and a file with a mistake
 * changes nothing.
 */
class ServeReloadTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @RegisterExtension static OriginServer origin = OriginServer.builder().build();

  @Test
  void sighupAddsARouteWhileAViewerPlays(@TempDir Path dir) throws Exception {
    Path conf = dir.resolve("seamcache.conf");
    String base = "data-dir=" + dir.resolve("data") + "\nallow-origin=127.0.0.0/8\nroute.a=" + origin.liveUri() + "\n";
    Files.writeString(conf, base);
    try (ServeJvm serve = ServeJvm.start("serve", "--config", conf.toString(), "--bind", "127.0.0.1", "--rtsp-port", "0", "--admin-port", "-1")) {
      int port = serve.rtspPort();
      CompletableFuture<FfmpegDecode> playing =
          Ffmpeg.of(URI.create("rtsp://127.0.0.1:" + port + "/a")).transport(Transport.TCP).durationSeconds(8).timeout(Duration.ofSeconds(40)).decodeAsync();
      URI b = URI.create("rtsp://127.0.0.1:" + port + "/b");
      StreamCounts before = Ffprobe.countFrames(b, Transport.TCP, 1, Duration.ofSeconds(20));
      assertThat(before.video()).as("no route b yet").isZero();

      Files.writeString(conf, base + "route.b=" + origin.vodVideoUri() + "\nsession-timeout=30\n");
      serve.signal("HUP");
      assertThat(serve.awaitLine(l -> l.contains("SIGHUP: route.*: added [b]"), WAIT)).contains("playing viewers keep their session");
      serve.awaitLine(l -> l.contains("SIGHUP: session-timeout: changed, needs a restart"), WAIT);
      StreamCounts after = Ffprobe.countFrames(b, Transport.TCP, 2, Duration.ofSeconds(30));
      assertThat(after.video()).as(after.run().toString()).isGreaterThan(20);

      Files.writeString(conf, base + "route.b=" + origin.vodVideoUri() + "\nalow-origin=10.0.0.0/8\n");
      serve.signal("HUP");
      assertThat(serve.awaitLine(l -> l.contains("SIGHUP: not reloaded"), WAIT)).contains("unknown key 'alow-origin'");
      assertThat(Ffprobe.countFrames(b, Transport.TCP, 1, Duration.ofSeconds(30)).video()).as("route b stays").isGreaterThan(5);

      FfmpegDecode viewer = playing.get(60, TimeUnit.SECONDS);
      assertThat(viewer.run().exitCode()).as(viewer.run().toString()).isZero();
      assertThat(viewer.errorLines()).as("the viewer played through both reloads").isEmpty();
      assertThat(viewer.streams().get(0).frames()).as(viewer.run().toString()).hasSizeGreaterThan(150);
      assertThat(serve.stop()).isZero();
      assertThat(serve.log()).noneMatch(l -> l.contains("Exception"));
    }
  }
}
