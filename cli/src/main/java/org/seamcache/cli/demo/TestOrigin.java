package org.seamcache.cli.demo;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The project's test origin ({@code test-data/harness/origin.py}, a gst-rtsp-server; the build
 * copies it into the jar) on loopback: a live encoder on {@code /live} shared by all its clients,
 * and a title made by ffmpeg on {@code /vod-video}.
 */
public final class TestOrigin {
  private static final String SCRIPT = "/org/seamcache/cli/demo/origin.py";

  private final ChildProcess process;
  private final int port;

  private TestOrigin(ChildProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Makes a {@code seconds}-long H.264 title with ffmpeg (no audio: seeks land on key frames). */
  public static Path makeTitle(Path dir, int seconds, Cleanup cleanup) throws IOException, InterruptedException {
    Path out = dir.resolve("title.mp4");
    ChildProcess ffmpeg = ChildProcess.start("ffmpeg", List.of(
        Tools.find("ffmpeg").orElseThrow().toString(), "-hide_banner", "-loglevel", "error", "-y",
        "-f", "lavfi", "-i", "testsrc=size=640x360:rate=25:duration=" + seconds,
        // baseline (no B-frames) and a key frame every second exactly, as the tests' titles
        "-c:v", "libx264", "-profile:v", "baseline", "-preset", "veryfast", "-pix_fmt", "yuv420p",
        "-g", "25", "-keyint_min", "25", "-sc_threshold", "0", "-b:v", "800k", "-movflags", "+faststart",
        out.toString()), cleanup, line -> {});
    Integer exit = ffmpeg.waitFor(Duration.ofSeconds(60));
    if (exit == null || exit != 0) {
      ffmpeg.stop(Duration.ofSeconds(1));
      throw new IOException("ffmpeg could not make the test title: " + ffmpeg.lastOutput());
    }
    return out;
  }

  /** Starts origin.py on {@code port} with RTP from {@code rtp}; waits for its READY line. */
  public static TestOrigin start(Path dir, Path title, int port, DemoPorts.UdpBlock rtp, Cleanup cleanup)
      throws IOException, InterruptedException {
    Path script = dir.resolve("origin.py");
    try (InputStream in = TestOrigin.class.getResourceAsStream(SCRIPT)) {
      if (in == null) {
        throw new IOException("origin.py is not in this build of seamcache (" + SCRIPT + ")");
      }
      Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
    }
    CompletableFuture<String> ready = new CompletableFuture<>();
    ChildProcess p = ChildProcess.start("origin.py", List.of(Tools.PYTHON.toString(), script.toString(),
        "--bind", "127.0.0.1", "--port", String.valueOf(port), "--file", title.toString(), "--video-file", title.toString(),
        "--shared", "live", "--rtp-ports", rtp.first() + "-" + rtp.last()), cleanup, line -> {
          if (line.startsWith("READY")) {
            ready.complete(line);
          }
        });
    try {
      ready.get(20, TimeUnit.SECONDS);
    } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
      p.stop(Duration.ofSeconds(2));
      throw new IOException("the test origin did not start within 20 s: " + p.lastOutput());
    }
    return new TestOrigin(p, port);
  }

  public URI base() {
    return URI.create("rtsp://127.0.0.1:" + port);
  }

  public long pid() {
    return process.pid();
  }

  public void stop() {
    process.stop(Duration.ofSeconds(5));
  }
}
