package org.seamcache.proxy.e2e;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.seamcache.proxy.e2e.RtpCapture.CapturedPacket;

/**
 * How the RTP payloads of one track in capture B relate to those in capture A (the Java counterpart
 * of {@code test-data/harness/compare_rtp.py}). Payloads of corresponding packets are byte-identical
 * across sessions of the same VOD content and in a shared live mount; headers (SSRC, seq and
 * timestamp bases) may differ by constant offsets.
 *
 * <p>Repeated payloads (SPS/PPS before each IDR, AUDs, tiny slices) are ambiguous, so offsets are
 * measured only over "1:1" packets: payloads that occur exactly once in A and once in B.
 *
 * @param track the compared track
 * @param packetsA packets of the track in A
 * @param packetsB packets of the track in B
 * @param foundInA packets of B whose payload occurs anywhere in A
 * @param bigB packets of B with payloads of at least {@value #BIG_PAYLOAD_BYTES} bytes
 * @param bigFoundInA of those, how many occur in A
 * @param oneToOne packets of B whose payload occurs exactly once in each capture
 * @param seqOffset most common {@code (seqB - seqA) mod 2^16} over the 1:1 packets (0 if none)
 * @param seqOffsetShare how many 1:1 packets have exactly that offset
 * @param tsOffset most common {@code (tsB - tsA) mod 2^32} over the 1:1 packets (0 if none)
 * @param tsOffsetShare how many 1:1 packets have exactly that offset
 * @param ssrcsA SSRCs seen in A's track
 * @param ssrcsB SSRCs seen in B's track
 */
public record RtpPayloadComparison(
    int track,
    int packetsA,
    int packetsB,
    int foundInA,
    int bigB,
    int bigFoundInA,
    int oneToOne,
    long seqOffset,
    int seqOffsetShare,
    long tsOffset,
    int tsOffsetShare,
    Set<Long> ssrcsA,
    Set<Long> ssrcsB) {

  /** Payloads smaller than this repeat by chance (AUDs, parameter sets); counted separately. */
  public static final int BIG_PAYLOAD_BYTES = 100;

  public RtpPayloadComparison {
    ssrcsA = Set.copyOf(ssrcsA);
    ssrcsB = Set.copyOf(ssrcsB);
  }

  /** Compares one track of B against the same track of A. */
  public static RtpPayloadComparison compare(RtpCapture a, RtpCapture b, int track) {
    List<CapturedPacket> pa = a.packets(track);
    List<CapturedPacket> pb = b.packets(track);
    Map<String, List<CapturedPacket>> inA = pa.stream().collect(Collectors.groupingBy(CapturedPacket::payloadSha1));
    Map<String, Long> countB = pb.stream().collect(Collectors.groupingBy(CapturedPacket::payloadSha1, Collectors.counting()));
    int found = 0;
    int big = 0;
    int bigFound = 0;
    int oneToOne = 0;
    Map<Long, Integer> seqOffsets = new HashMap<>();
    Map<Long, Integer> tsOffsets = new HashMap<>();
    for (CapturedPacket p : pb) {
      List<CapturedPacket> same = inA.getOrDefault(p.payloadSha1(), List.of());
      if (!same.isEmpty()) {
        found++;
      }
      if (p.payloadLength() >= BIG_PAYLOAD_BYTES) {
        big++;
        if (!same.isEmpty()) {
          bigFound++;
        }
      }
      if (same.size() == 1 && countB.get(p.payloadSha1()) == 1) {
        oneToOne++;
        CapturedPacket q = same.get(0);
        seqOffsets.merge(Math.floorMod(p.seq() - q.seq(), 1L << 16), 1, Integer::sum);
        tsOffsets.merge(Math.floorMod(p.rtpTime() - q.rtpTime(), 1L << 32), 1, Integer::sum);
      }
    }
    Map.Entry<Long, Integer> seqTop = top(seqOffsets);
    Map.Entry<Long, Integer> tsTop = top(tsOffsets);
    return new RtpPayloadComparison(
        track, pa.size(), pb.size(), found, big, bigFound, oneToOne,
        seqTop.getKey(), seqTop.getValue(), tsTop.getKey(), tsTop.getValue(),
        ssrcs(pa), ssrcs(pb));
  }

  /** Share of B's packets whose payload occurs in A, in percent. */
  public double foundPercent() {
    return packetsB == 0 ? 0 : 100.0 * foundInA / packetsB;
  }

  /** True if every 1:1 packet has the same seq offset and the same timestamp offset (and there is at least one). */
  public boolean singleOffsets() {
    return oneToOne > 0 && seqOffsetShare == oneToOne && tsOffsetShare == oneToOne;
  }

  private static Map.Entry<Long, Integer> top(Map<Long, Integer> counts) {
    return counts.entrySet().stream()
        .max(Map.Entry.<Long, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
        .orElse(Map.entry(0L, 0));
  }

  private static Set<Long> ssrcs(List<CapturedPacket> packets) {
    return packets.stream().map(CapturedPacket::ssrc).collect(Collectors.toCollection(TreeSet::new));
  }
}
