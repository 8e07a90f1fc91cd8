package org.seamcache.proxy.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one ffmpeg decode produced, parsed from its {@code framemd5} output.
 *
 * @param run the ffmpeg process and its raw output
 * @param errorLines lines ffmpeg printed at level {@code error} or {@code fatal} (e.g. {@code error
 *     while decoding MB 38 17}), and any line without a level tag
 * @param warningLines lines at level {@code warning} (e.g. {@code RTP: missed 3 packets}, {@code
 *     corrupt decoded frame in stream 0}, {@code max delay reached})
 * @param streams decoded streams in output order
 */
public record FfmpegDecode(
    CommandResult run, List<String> errorLines, List<String> warningLines, List<DecodedStream> streams) {

  /** One decoded frame: its pts in the stream's time base and the MD5 of its decoded samples/pixels. */
  public record DecodedFrame(long pts, String md5) {}

  /**
   * One output stream.
   *
   * @param mediaType {@code video} or {@code audio}
   * @param timeBaseNum numerator of the pts time base
   * @param timeBaseDen denominator of the pts time base
   * @param frames frames in decode output order
   */
  public record DecodedStream(int index, String mediaType, long timeBaseNum, long timeBaseDen, List<DecodedFrame> frames) {
    public DecodedStream {
      frames = List.copyOf(frames);
    }

    public double seconds(long pts) {
      return (double) pts * timeBaseNum / timeBaseDen;
    }

    /** pts of the first frame the decoder produced, in seconds. */
    public OptionalDouble firstPtsSeconds() {
      return frames.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(seconds(frames.get(0).pts()));
    }

    public List<String> md5s() {
      return frames.stream().map(DecodedFrame::md5).toList();
    }
  }

  private static final Pattern HEADER = Pattern.compile("#(tb|media_type) (\\d+): (\\S+)");
  private static final Pattern LEVEL = Pattern.compile("\\[(trace|debug|verbose|info|warning|error|fatal|panic)\\] ");
  private static final Pattern MISSED = Pattern.compile("RTP: missed (\\d+) packets");

  public FfmpegDecode {
    errorLines = List.copyOf(errorLines);
    warningLines = List.copyOf(warningLines);
    streams = List.copyOf(streams);
  }

  /** True if ffmpeg exited 0 by itself and printed no error line (warnings allowed). */
  public boolean clean() {
    return run.succeeded() && errorLines.isEmpty();
  }

  /** True if ffmpeg exited 0 by itself and printed neither errors nor warnings. */
  public boolean spotless() {
    return clean() && warningLines.isEmpty();
  }

  /**
   * RTP packets ffmpeg's RTSP demuxer noticed missing (sum of {@code RTP: missed N packets}). Note: a
   * UDP seek ({@code -ss}) PLAYs twice and can report a few missed packets with no network loss.
   */
  public long missedRtpPackets() {
    long sum = 0;
    for (String line : warningLines) {
      Matcher m = MISSED.matcher(line);
      if (m.find()) {
        sum += Long.parseLong(m.group(1));
      }
    }
    return sum;
  }

  /** Frames ffmpeg flagged as {@code corrupt decoded frame} (decoded with concealment or before the first keyframe). */
  public long corruptFrames() {
    return warningLines.stream().filter(l -> l.contains("corrupt decoded frame")).count();
  }

  public Optional<DecodedStream> stream(String mediaType) {
    return streams.stream().filter(s -> s.mediaType().equals(mediaType)).findFirst();
  }

  public Optional<DecodedStream> video() {
    return stream("video");
  }

  public Optional<DecodedStream> audio() {
    return stream("audio");
  }

  public long videoFrames() {
    return video().map(s -> (long) s.frames().size()).orElse(0L);
  }

  public long audioFrames() {
    return audio().map(s -> (long) s.frames().size()).orElse(0L);
  }

  /** pts (seconds) of the first decoded video frame: about the seek point after a seek. */
  public OptionalDouble firstVideoPtsSeconds() {
    return video().map(DecodedStream::firstPtsSeconds).orElse(OptionalDouble.empty());
  }

  /** A description for assertion messages. */
  public String describe() {
    return "video=" + videoFrames() + " audio=" + audioFrames() + " errors=" + errorLines
        + " warnings=" + warningLines.size() + "\n" + run.describe();
  }

  /**
   * Parses framemd5 text: header lines {@code #tb 0: 1/25} and {@code #media_type 0: video}, then one
   * line per frame: {@code stream, dts, pts, duration, size, md5}.
   */
  static FfmpegDecode parse(CommandResult run) {
    TreeMap<Integer, String> types = new TreeMap<>();
    TreeMap<Integer, long[]> timeBases = new TreeMap<>();
    TreeMap<Integer, List<DecodedFrame>> frames = new TreeMap<>();
    for (String line : run.stdout().split("\n")) {
      if (line.startsWith("#")) {
        Matcher m = HEADER.matcher(line);
        if (m.matches()) {
          int index = Integer.parseInt(m.group(2));
          if (m.group(1).equals("tb")) {
            String[] nd = m.group(3).split("/");
            timeBases.put(index, new long[] {Long.parseLong(nd[0]), Long.parseLong(nd[1])});
          } else {
            types.put(index, m.group(3));
          }
        }
        continue;
      }
      String[] f = line.split(",");
      if (f.length == 6) {
        int index = Integer.parseInt(f[0].strip());
        frames.computeIfAbsent(index, i -> new ArrayList<>()).add(new DecodedFrame(Long.parseLong(f[2].strip()), f[5].strip()));
      }
    }
    List<DecodedStream> streams = new ArrayList<>();
    for (var e : types.entrySet()) {
      long[] tb = timeBases.getOrDefault(e.getKey(), new long[] {1, 1});
      streams.add(new DecodedStream(e.getKey(), e.getValue(), tb[0], tb[1], frames.getOrDefault(e.getKey(), List.of())));
    }
    List<String> errors = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    run.stderr().lines().filter(l -> !l.isBlank()).forEach(line -> {
      Matcher m = LEVEL.matcher(line);
      String level = m.find() ? m.group(1) : "error"; // untagged: count it, never hide it
      switch (level) {
        case "warning" -> warnings.add(line);
        case "error", "fatal", "panic" -> errors.add(line);
        default -> { } // below warning: not requested, ignore if present
      }
    });
    return new FfmpegDecode(run, errors, warnings, streams);
  }
}
