package org.seamcache.storage;

import java.util.List;
import org.seamcache.seamer.GapMap;

/**
 * One track of a content: totals over its legs and the gap map of the result, that is the union of
 * every leg that could be aligned to the reference leg by payload hashes, in the reference leg's
 * extended sequence numbers. Immutable.
 *
 * @param track 0-based track
 * @param packets RTP packets stored over all legs
 * @param bytes RTP bytes stored over all legs
 * @param rtcpPackets RTCP packets stored (sender reports among them)
 * @param referenceLeg the leg whose sequence numbers the result uses (-1: no RTP yet)
 * @param alignedLegs legs merged into the result, each with its offset
 * @param unalignedLegs legs whose payloads did not match the reference leg's
 * @param received distinct positions in the result
 * @param firstSeq first position of the result
 * @param lastSeq last position of the result
 * @param gaps missing ranges of the result
 */
public record TrackSummary(
    int track,
    long packets,
    long bytes,
    long rtcpPackets,
    int referenceLeg,
    List<LegOffset> alignedLegs,
    List<Integer> unalignedLegs,
    long received,
    long firstSeq,
    long lastSeq,
    List<GapMap.Range> gaps) {

  public TrackSummary {
    alignedLegs = List.copyOf(alignedLegs);
    unalignedLegs = List.copyOf(unalignedLegs);
    gaps = List.copyOf(gaps);
  }

  /**
   * How a leg maps onto the reference leg: {@code referenceSeq = seq + seqOffset}, {@code
   * referenceTimestamp = timestamp + timestampOffset}.
   */
  public record LegOffset(int leg, long seqOffset, long timestampOffset) {}

  public long expected() {
    return received == 0 ? 0 : lastSeq - firstSeq + 1;
  }

  public long missing() {
    return expected() - received;
  }
}
