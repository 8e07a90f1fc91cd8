package org.seamcache.storage;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.seamcache.seamer.GapMap;

/**
 * Counts what is appended to (or read back from) a content's queue: per track, per leg, gap maps.
 * Confined to one thread (the writer, or a scanner).
 */
final class RecordingTally {

  private final long[] trackPackets;
  private final long[] trackBytes;
  private final long[] trackRtcp;
  private final Map<Long, LegTally> legs = new TreeMap<>();
  private LegTally lastLeg;
  private long excerpts;
  private long packets;
  private long bytes;
  private long rtcpPackets;
  private long storedBytes;
  private long firstArrivalNanos = Long.MAX_VALUE;
  private long lastArrivalNanos = Long.MIN_VALUE;

  RecordingTally(int trackCount) {
    trackPackets = new long[trackCount];
    trackBytes = new long[trackCount];
    trackRtcp = new long[trackCount];
  }

  void addRtp(int track, int leg, long arrivalNanos, long extendedSeq, int length) {
    LegTally tally = lastLeg;
    if (tally == null || tally.track != track || tally.leg != leg) {
      tally = legs.computeIfAbsent(key(track, leg), k -> new LegTally(track, leg));
      lastLeg = tally;
    }
    tally.add(extendedSeq, length);
    trackPackets[track]++;
    trackBytes[track] += length;
    packets++;
    bytes += length;
    counted(arrivalNanos, length);
  }

  void addRtcp(int track, long arrivalNanos, int length) {
    trackRtcp[track]++;
    rtcpPackets++;
    counted(arrivalNanos, length);
  }

  private void counted(long arrivalNanos, int length) {
    excerpts++;
    storedBytes += ExcerptCodec.storedSize(length);
    firstArrivalNanos = Math.min(firstArrivalNanos, arrivalNanos);
    lastArrivalNanos = Math.max(lastArrivalNanos, arrivalNanos);
  }

  int trackCount() {
    return trackPackets.length;
  }

  long storedBytes() {
    return storedBytes;
  }

  Collection<LegTally> legs() {
    return legs.values();
  }

  /** Legs of {@code track}, the one with most distinct packets first (the reference leg). */
  List<LegTally> legsOf(int track) {
    List<LegTally> out = new ArrayList<>();
    for (LegTally t : legs.values()) {
      if (t.track == track) {
        out.add(t);
      }
    }
    out.sort((a, b) -> a.received.received() != b.received.received()
        ? Long.compare(b.received.received(), a.received.received())
        : Integer.compare(a.leg, b.leg));
    return out;
  }

  /**
   * The summary. Tracks with several legs use {@code alignments} (by track) to merge them; a track
   * with several legs and no alignment shows only its reference leg in the result.
   */
  RecordingSummary summary(Map<Integer, List<TrackSummary.LegOffset>> alignments) {
    List<TrackSummary> tracks = new ArrayList<>();
    for (int t = 0; t < trackPackets.length; t++) {
      tracks.add(trackSummary(t, alignments.getOrDefault(t, List.of())));
    }
    List<LegSummary> legSummaries = new ArrayList<>();
    for (LegTally tally : legs.values()) {
      legSummaries.add(tally.summary());
    }
    boolean none = excerpts == 0;
    return new RecordingSummary(
        excerpts,
        packets,
        bytes,
        rtcpPackets,
        storedBytes,
        none ? 0 : firstArrivalNanos,
        none ? 0 : lastArrivalNanos,
        tracks,
        legSummaries);
  }

  private TrackSummary trackSummary(int track, List<TrackSummary.LegOffset> aligned) {
    List<LegTally> trackLegs = legsOf(track);
    if (trackLegs.isEmpty()) {
      return new TrackSummary(track, 0, 0, trackRtcp[track], -1, List.of(), List.of(), 0, 0, 0, List.of());
    }
    LegTally reference = trackLegs.get(0);
    GapMap result = reference.received;
    List<Integer> unaligned = new ArrayList<>();
    List<TrackSummary.LegOffset> merged = new ArrayList<>();
    for (LegTally other : trackLegs.subList(1, trackLegs.size())) {
      TrackSummary.LegOffset offset =
          aligned.stream().filter(o -> o.leg() == other.leg).findFirst().orElse(null);
      if (offset == null) {
        unaligned.add(other.leg);
        continue;
      }
      if (result == reference.received) {
        result = copy(reference.received);
      }
      for (GapMap.Range r : other.received.receivedRanges()) {
        for (long p = r.first(); p <= r.last(); p++) {
          result.add(p + offset.seqOffset());
        }
      }
      merged.add(offset);
    }
    return new TrackSummary(
        track,
        trackPackets[track],
        trackBytes[track],
        trackRtcp[track],
        reference.leg,
        merged,
        unaligned,
        result.received(),
        result.first(),
        result.last(),
        result.gaps());
  }

  private static GapMap copy(GapMap source) {
    GapMap out = new GapMap();
    for (GapMap.Range r : source.receivedRanges()) {
      for (long p = r.first(); p <= r.last(); p++) {
        out.add(p);
      }
    }
    return out;
  }

  private static long key(int track, int leg) {
    return ((long) track << 32) | (leg & 0xffffffffL);
  }
}
