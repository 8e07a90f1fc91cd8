package org.seamcache.proxy.e2e;

import java.util.ArrayList;
import java.util.List;

/**
 * Per-stream counts from one ffprobe run, in stream order.
 *
 * @param run the ffprobe process and its output
 * @param streams one entry per stream ffprobe reported
 */
public record StreamCounts(CommandResult run, List<StreamCount> streams) {

  /** One stream: its codec type ({@code video}, {@code audio}) and how many frames or packets were read. */
  public record StreamCount(String codecType, long count) {}

  public StreamCounts {
    streams = List.copyOf(streams);
  }

  /** Count for the first stream of {@code codecType}, or 0 if there is none. */
  public long count(String codecType) {
    return streams.stream().filter(s -> s.codecType().equals(codecType)).mapToLong(StreamCount::count).findFirst().orElse(0);
  }

  public long video() {
    return count("video");
  }

  public long audio() {
    return count("audio");
  }

  /** Parses {@code -show_entries stream=codec_type,nb_read_X -of csv=p=0}: lines like {@code video,75}. */
  static List<StreamCount> parseCsv(String stdout) {
    List<StreamCount> out = new ArrayList<>();
    for (String line : stdout.split("\n")) {
      String[] f = line.strip().split(",");
      if (f.length >= 2 && !f[1].isEmpty() && f[1].chars().allMatch(Character::isDigit)) {
        out.add(new StreamCount(f[0], Long.parseLong(f[1])));
      }
    }
    return out;
  }
}
