package org.seamcache.cli.demo;

import java.net.URI;
import java.time.Duration;

/** A player the demo points at the proxy: ffprobe when installed, else seamcache's own RTSP client. */
public interface Viewer {

  /** What one viewing got. */
  record Played(boolean ok, long count, String unit, String failure) {
    public String describe() {
      return ok ? String.format(java.util.Locale.ROOT, "%,d %s", count, unit) : "failed: " + failure;
    }
  }

  /** Who plays: shown to the user. */
  String name();

  /**
   * Plays {@code url} over TCP-interleaved (only the origin-to-proxy path is lossy) for {@code
   * seconds}, or to the end of the title when {@code toTheEnd} (then {@code seconds} is its length);
   * gives up after {@code timeout}.
   */
  Played play(URI url, int seconds, boolean toTheEnd, Duration timeout, Cleanup cleanup) throws InterruptedException;

  static Viewer best() {
    return Tools.find("ffprobe").<Viewer>map(FfprobeViewer::new).orElseGet(ClientViewer::new);
  }
}
