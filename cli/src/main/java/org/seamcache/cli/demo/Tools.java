package org.seamcache.cli.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Finds the programs the demo can use and says what is missing. Stateless. */
public final class Tools {
  /** Debian's python, which has the GObject bindings (a venv python on PATH usually does not). */
  public static final Path PYTHON = Path.of("/usr/bin/python3");

  /** The Debian 12 packages the test origin needs. */
  public static final String ORIGIN_PACKAGES =
      "python3-gi gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-base gstreamer1.0-plugins-good"
          + " gstreamer1.0-plugins-bad gstreamer1.0-plugins-ugly ffmpeg";

  // Exits 3 without gi/GstRtspServer, 4 (printing the names) when elements the mounts use are missing.
  private static final String ORIGIN_PROBE = String.join("\n",
      "import sys",
      "try:",
      "    import gi",
      "    gi.require_version('Gst', '1.0')",
      "    gi.require_version('GstRtspServer', '1.0')",
      "    from gi.repository import Gst, GstRtspServer",
      "except (ImportError, ValueError) as e:",
      "    print(e); sys.exit(3)",
      "Gst.init(None)",
      "need = ['qtdemux', 'h264parse', 'rtph264pay', 'videotestsrc', 'x264enc']",
      "missing = [n for n in need if Gst.ElementFactory.find(n) is None]",
      "print(' '.join(missing)); sys.exit(4 if missing else 0)");

  private Tools() {}

  /** The program {@code name} on PATH (or in /usr/sbin, /sbin: nft and ip live there), if executable. */
  public static Optional<Path> find(String name) {
    String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin";
    for (String dir : path.split(":")) {
      if (!dir.isEmpty()) {
        Path p = Path.of(dir, name);
        if (Files.isExecutable(p)) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }

  /** Why the test origin cannot run here, or null when it can. */
  public static String originMissing() {
    if (!Files.isExecutable(PYTHON)) {
      return PYTHON + " not found";
    }
    if (find("ffmpeg").isEmpty()) {
      return "ffmpeg (to make the test title) not found";
    }
    try {
      Process p = new ProcessBuilder(PYTHON.toString(), "-c", ORIGIN_PROBE).redirectErrorStream(true).start();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return "checking GStreamer took over 30 s";
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      return switch (p.exitValue()) {
        case 0 -> null;
        case 3 -> "GStreamer's RTSP server for Python is missing (" + out + ")";
        case 4 -> "GStreamer elements missing: " + out;
        default -> "checking GStreamer failed: " + out;
      };
    } catch (IOException e) {
      return "cannot run " + PYTHON + ": " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  /** Whether this process runs as root (nftables rules need it). */
  public static boolean isRoot() {
    try {
      return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return false;
    }
  }

  /** Runs a short command and returns its exit code and output. */
  static Result run(List<String> argv, long timeoutSeconds) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return new Result(-1, argv.get(0) + " took over " + timeoutSeconds + " s");
    }
    return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip());
  }

  record Result(int exit, String output) {
    boolean ok() {
      return exit == 0;
    }
  }
}
