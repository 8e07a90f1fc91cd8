package org.seamcache.storage;

import java.util.List;
import org.seamcache.seamer.GapMap;

/**
 * One track of a content: totals over its legs and the seamer's result over them (offline seaming,
 * the leg with the lowest id as reference), in the reference leg's extended sequence numbers.
 * Immutable.
 *
 * @param track 0-based track
 * @param packets RTP packets stored over all legs
 * @param bytes RTP bytes stored over all legs
 * @param rtcpPackets RTCP packets stored (sender reports among them)
 * @param referenceLeg the leg whose sequence numbers the result uses (-1: no RTP yet)
 * @param legs what the seamer made of each leg (reference first), empty while recording
 * @param received distinct positions in the result
 * @param firstSeq first position of the result
 * @param lastSeq last position of the result
 * @param gaps missing ranges of the result
 * @param spanTicks canonical timestamp of the last position minus that of the first (RTP clock
 *     ticks; 0 when unknown), for how much of the content's duration the track covers
 */
public record TrackSummary(
    int track,
    long packets,
    long bytes,
    long rtcpPackets,
    int referenceLeg,
    List<LegAlignment> legs,
    long received,
    long firstSeq,
    long lastSeq,
    List<GapMap.Range> gaps,
    long spanTicks) {

  public TrackSummary {
    legs = List.copyOf(legs);
    gaps = List.copyOf(gaps);
  }

  /**
   * How a leg maps onto the reference leg: {@code referenceSeq = seq + seqOffset}, {@code
   * referenceTimestamp = timestamp + timestampOffset}.
   */
  public record LegOffset(int leg, long seqOffset, long timestampOffset) {}

  /** Legs other than the reference that the seamer aligned, with their offsets. */
  public List<LegOffset> alignedLegs() {
    return legs.stream()
        .filter(l -> l.status() == org.seamcache.seamer.LegStatus.ALIGNED)
        .map(l -> new LegOffset(l.leg(), l.seqOffset(), l.timestampOffset()))
        .toList();
  }

  /** Legs the seamer found not alignable: they contributed nothing. */
  public List<Integer> unalignedLegs() {
    return legs.stream().filter(l -> !l.aligned()).map(LegAlignment::leg).toList();
  }

  /** The seamer's account of {@code leg}, or null if it has none (no packets, or still recording). */
  public LegAlignment leg(int leg) {
    return legs.stream().filter(l -> l.leg() == leg).findFirst().orElse(null);
  }

  public long expected() {
    return received == 0 ? 0 : lastSeq - firstSeq + 1;
  }

  public long missing() {
    return expected() - received;
  }
}
