package org.seamcache.cli.demo;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** ffprobe decoding the video over RTSP and counting its frames: a real player's view. */
final class FfprobeViewer implements Viewer {
  private final Path ffprobe;

  FfprobeViewer(Path ffprobe) {
    this.ffprobe = ffprobe;
  }

  @Override
  public String name() {
    return "ffprobe (decodes every video frame)";
  }

  @Override
  public Played play(URI url, int seconds, boolean toTheEnd, Duration timeout, Cleanup cleanup) throws InterruptedException {
    List<String> argv = new ArrayList<>(List.of(ffprobe.toString(), "-v", "error", "-rtsp_transport", "tcp", "-count_frames",
        "-select_streams", "v:0"));
    if (!toTheEnd) {
      argv.addAll(List.of("-read_intervals", "%+" + seconds));
    }
    argv.addAll(List.of("-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", url.toString()));
    List<String> lines = new CopyOnWriteArrayList<>();
    ChildProcess p;
    try {
      p = ChildProcess.start("ffprobe", argv, cleanup, lines::add);
    } catch (IOException e) {
      return new Played(false, 0, "frames", "cannot run ffprobe: " + e.getMessage());
    }
    Integer exit = p.waitFor(timeout);
    if (exit == null) {
      p.stop(Duration.ofSeconds(2));
      return new Played(false, 0, "frames", "ffprobe did not finish within " + timeout.toSeconds() + " s");
    }
    for (String line : lines) {
      if (line.strip().matches("\\d+")) {
        return new Played(exit == 0, Long.parseLong(line.strip()), "video frames decoded", exit == 0 ? null : p.lastOutput());
      }
    }
    return new Played(false, 0, "frames", "ffprobe exited " + exit + ": " + p.lastOutput());
  }
}
