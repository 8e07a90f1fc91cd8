package org.seamcache.proxy.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Checks once per JVM that {@code /usr/bin/python3} can run origin.py: PyGObject, gst-rtsp-server and
 * the GStreamer elements the mounts use. A missing piece fails the test with the Debian packages to
 * install; it is never a skip, because CI ({@code .ci/run}) installs them.
 *
 * <p>Thread-safe (the result is computed once under the class lock).
 */
final class OriginPrerequisites {
  static final String PYTHON = "/usr/bin/python3";

  static final String PACKAGES =
      "python3-gi gir1.2-gstreamer-1.0 gir1.2-gst-plugins-base-1.0 gir1.2-gst-rtsp-server-1.0"
          + " gstreamer1.0-tools gstreamer1.0-plugins-base gstreamer1.0-plugins-good"
          + " gstreamer1.0-plugins-bad gstreamer1.0-plugins-ugly gstreamer1.0-libav gstreamer1.0-x"
          + " ffmpeg tshark nftables iproute2";

  // Prints the GStreamer elements that are missing, one per line; exits 3 if gi itself is missing.
  private static final String PROBE =
      String.join(
          "\n",
          "import sys",
          "try:",
          "    import gi",
          "    gi.require_version('Gst', '1.0')",
          "    gi.require_version('GstRtspServer', '1.0')",
          "    from gi.repository import Gst, GstRtspServer",
          "except (ImportError, ValueError) as e:",
          "    print(e); sys.exit(3)",
          "Gst.init(None)",
          "need = ['qtdemux', 'h264parse', 'aacparse', 'rtph264pay', 'rtpmp4gpay', 'videotestsrc',",
          "        'x264enc', 'audiotestsrc', 'voaacenc', 'rtspsrc', 'rtph264depay', 'avdec_h264']",
          "missing = [n for n in need if Gst.ElementFactory.find(n) is None]",
          "print('\\n'.join(missing)); sys.exit(4 if missing else 0)");

  private static String failure; // null = not checked yet
  private static boolean checked;

  private OriginPrerequisites() {}

  /** Throws {@link IllegalStateException} naming the packages to install if the origin cannot run. */
  static synchronized void require() {
    if (!checked) {
      failure = probe();
      checked = true;
    }
    if (failure != null) {
      throw new IllegalStateException(failure);
    }
  }

  private static String probe() {
    String install = "Install (Debian 12, root): apt-get install -y --no-install-recommends " + PACKAGES;
    if (!Files.isExecutable(Path.of(PYTHON))) {
      return PYTHON + " not found; origin.py needs Debian's python3 with python3-gi. " + install;
    }
    CommandResult r = CommandRunner.run(List.of(PYTHON, "-c", PROBE), Duration.ofSeconds(60));
    if (r.succeeded()) {
      return null;
    }
    String what =
        r.exitCode() == 3
            ? PYTHON + " cannot import gi / GstRtspServer (" + r.stdout().strip() + ")"
            : r.exitCode() == 4
                ? "GStreamer elements missing: " + r.stdout().strip().replace('\n', ' ')
                : "probe of " + PYTHON + " failed: " + r.describe();
    return what + ". " + install;
  }
}
