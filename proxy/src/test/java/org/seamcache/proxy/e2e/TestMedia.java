package org.seamcache.proxy.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The test media, made once by {@code test-data/harness/make-media.sh} and cached in {@code
 * <repo>/target/test-media/}: a {@value #SECONDS}-second H.264 (25 fps, keyframe every second) + AAC
 * MP4 and the same video without audio. Frame counts and keyframe times are measured on the file with
 * ffprobe, so tests compare against what the file really holds.
 *
 * <p>Thread-safe: {@link #get()} makes the media at most once per JVM, and a file lock keeps parallel
 * JVMs (surefire forks, IDE runs) from writing the same files at once. Instances are immutable.
 */
public final class TestMedia {
  /** Length of the generated media. */
  public static final int SECONDS = 20;

  private static final Duration MAKE_TIMEOUT = Duration.ofMinutes(3);
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(60);
  private static final Object LOCK = new Object();
  private static volatile TestMedia instance;

  private final Path path;
  private final Path videoOnlyPath;
  private final long videoFrameCount;
  private final long audioFrameCount;
  private final List<Double> keyframeSeconds;

  private TestMedia(
      Path path, Path videoOnlyPath, long videoFrames, long audioFrames, List<Double> keyframes) {
    this.path = path;
    this.videoOnlyPath = videoOnlyPath;
    this.videoFrameCount = videoFrames;
    this.audioFrameCount = audioFrames;
    this.keyframeSeconds = List.copyOf(keyframes);
  }

  /** The media, made and measured on first use. */
  public static TestMedia get() {
    TestMedia m = instance;
    if (m == null) {
      synchronized (LOCK) {
        m = instance;
        if (m == null) {
          m = makeAndMeasure(HarnessFiles.targetDir("test-media"));
          instance = m;
        }
      }
    }
    return m;
  }

  /** The H.264 + AAC MP4 (served by the origin as {@code /vod}). */
  public Path path() {
    return path;
  }

  /** The same video stream, no audio track (served as {@code /vod-video}). */
  public Path videoOnlyPath() {
    return videoOnlyPath;
  }

  public int durationSeconds() {
    return SECONDS;
  }

  /** Video frames in the file ({@code ffprobe -count_frames}). */
  public long videoFrameCount() {
    return videoFrameCount;
  }

  /** AAC frames in the file ({@code ffprobe -count_frames}). */
  public long audioFrameCount() {
    return audioFrameCount;
  }

  /** Presentation times of the video keyframes, ascending, in seconds. */
  public List<Double> keyframeSeconds() {
    return keyframeSeconds;
  }

  private static TestMedia makeAndMeasure(Path dir) {
    try {
      Files.createDirectories(dir);
      Path media = dir.resolve("test.mp4");
      Path videoOnly = dir.resolve("test-video.mp4");
      Path stamp = dir.resolve("test.stamp");
      Path script = HarnessFiles.script("make-media.sh");
      // The stamp names the script version and length: editing make-media.sh remakes the media.
      String wanted = sha256(Files.readAllBytes(script)) + " " + SECONDS + "\n";
      try (FileChannel ch =
              FileChannel.open(
                  dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock ignored = ch.lock()) {
        boolean current =
            Files.isRegularFile(media)
                && Files.isRegularFile(videoOnly)
                && Files.isRegularFile(stamp)
                && Files.readString(stamp).equals(wanted);
        if (!current) {
          Files.deleteIfExists(stamp);
          CommandResult made =
              CommandRunner.run(
                  List.of("bash", script.toString(), media.toString(), String.valueOf(SECONDS)),
                  MAKE_TIMEOUT);
          if (!made.succeeded() || !Files.isRegularFile(videoOnly)) {
            throw new IllegalStateException("make-media.sh failed:\n" + made.describe());
          }
          Files.writeString(stamp, wanted);
        }
      }
      return new TestMedia(
          media,
          videoOnly,
          countFrames(media, "video"),
          countFrames(media, "audio"),
          keyframes(media));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make test media in " + dir, e);
    }
  }

  private static long countFrames(Path media, String codecType) {
    String select = codecType.equals("video") ? "v:0" : "a:0";
    CommandResult r =
        CommandRunner.run(
            List.of(
                "ffprobe", "-v", "error", "-count_frames", "-select_streams", select,
                "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", media.toString()),
            PROBE_TIMEOUT);
    if (!r.succeeded()) {
      throw new IllegalStateException("ffprobe -count_frames failed:\n" + r.describe());
    }
    return Long.parseLong(r.stdout().strip());
  }

  private static List<Double> keyframes(Path media) {
    CommandResult r =
        CommandRunner.run(
            List.of(
                "ffprobe", "-v", "error", "-select_streams", "v:0", "-skip_frame", "nokey",
                "-show_entries", "frame=pts_time", "-of", "csv=p=0", media.toString()),
            PROBE_TIMEOUT);
    if (!r.succeeded()) {
      throw new IllegalStateException("ffprobe keyframe listing failed:\n" + r.describe());
    }
    List<Double> times = new ArrayList<>();
    for (String line : r.stdout().split("\n")) {
      // A frame with side data prints an extra (empty) csv field: keep the first one.
      String first = line.split(",", -1)[0].strip();
      if (!first.isEmpty()) {
        times.add(Double.parseDouble(first));
      }
    }
    return times;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }

  @Override
  public String toString() {
    return "TestMedia[" + path + ", video=" + videoFrameCount + ", audio=" + audioFrameCount + "]";
  }
}
