package org.seamcache.proxy.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The RTP packets one {@link RtspCapture} run received, and its own loss summary.
 *
 * @param run the rtsp_capture.py process; its stderr is the RTSP dialog
 * @param packets every packet in arrival order
 * @param losses per-track loss, judged by the script from sequence numbers (first..last received)
 */
public record RtpCapture(CommandResult run, List<CapturedPacket> packets, List<TrackLoss> losses) {

  /**
   * One received RTP packet (a TSV line).
   *
   * @param track index of the SETUP (m= line order)
   * @param arrivalSeconds receive time after PLAY
   * @param payloadSha1 SHA-1 of the payload (no RTP header), hex
   * @param head first two payload bytes, hex (H.264: NAL type, FU header)
   */
  public record CapturedPacket(
      int track,
      double arrivalSeconds,
      int seq,
      long rtpTime,
      long ssrc,
      boolean marker,
      int payloadType,
      int payloadLength,
      String payloadSha1,
      String head) {

    static CapturedPacket parseTsv(String line) {
      String[] f = line.split("\t", -1);
      if (f.length != 10) {
        throw new IllegalArgumentException("capture TSV line needs 10 fields, has " + f.length + ": " + line);
      }
      return new CapturedPacket(
          Integer.parseInt(f[0]),
          Double.parseDouble(f[1]),
          Integer.parseInt(f[2]),
          Long.parseLong(f[3]),
          Long.parseLong(f[4], 16),
          f[5].equals("1"),
          Integer.parseInt(f[6]),
          Integer.parseInt(f[7]),
          f[8],
          f[9]);
    }
  }

  /** The script's summary for one track: {@code trackN: got/expected lost L (P%)}. */
  public record TrackLoss(int track, long received, long expected, long lost) {
    public double lossPercent() {
      return expected == 0 ? 0 : 100.0 * lost / expected;
    }
  }

  private static final Pattern LOSS = Pattern.compile("track(\\d+): (\\d+)/(\\d+) lost (\\d+)");

  public RtpCapture {
    packets = List.copyOf(packets);
    losses = List.copyOf(losses);
  }

  private static final java.util.regex.Pattern T0 = java.util.regex.Pattern.compile("monotonic t0 (\\d+\\.\\d+)");

  /**
   * When arrival 0 was, on the machine's monotonic clock (seconds): arrivals of two captures on
   * one machine are comparable as {@code t0 + arrivalSeconds}. NaN if the capture did not say.
   */
  public double monotonicT0() {
    java.util.regex.Matcher m = T0.matcher(run.stderr());
    return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
  }

  public List<CapturedPacket> packets(int track) {
    return packets.stream().filter(p -> p.track() == track).toList();
  }

  /** Loss summary of one track; fails if the script printed none for it. */
  public TrackLoss loss(int track) {
    return losses.stream()
        .filter(l -> l.track() == track)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no loss summary for track " + track + ":\n" + run.describe()));
  }

  /** The RTSP requests and replies, as the script printed them. */
  public String dialog() {
    return run.stderr();
  }

  public String describe() {
    return "packets=" + packets.size() + " losses=" + losses + "\n" + run.describe();
  }

  static RtpCapture parse(CommandResult run, String tsv) {
    List<CapturedPacket> packets = new ArrayList<>();
    for (String line : tsv.split("\n")) {
      if (!line.isBlank()) {
        packets.add(CapturedPacket.parseTsv(line));
      }
    }
    List<TrackLoss> losses = new ArrayList<>();
    run.stderr().lines().filter(l -> l.startsWith("received ")).forEach(l -> {
      Matcher m = LOSS.matcher(l);
      while (m.find()) {
        losses.add(new TrackLoss(Integer.parseInt(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)), Long.parseLong(m.group(4))));
      }
    });
    return new RtpCapture(run, packets, losses);
  }
}
