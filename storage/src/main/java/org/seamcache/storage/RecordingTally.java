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

  /** Legs of {@code track} with RTP, lowest id first (the first is the seamer's reference). */
  List<LegTally> legsById(int track) {
    List<LegTally> out = new ArrayList<>();
    for (LegTally t : legs.values()) {
      if (t.track == track) {
        out.add(t); // the map is ordered by (track, leg)
      }
    }
    return out;
  }

  /**
   * The summary. A track in {@code seamed} takes its result from the seamer; any other (while
   * recording, before the seamer ran) shows its reference leg's own gap map, with no leg accounts.
   */
  RecordingSummary summary(Map<Integer, SeamedTrack> seamed) {
    List<TrackSummary> tracks = new ArrayList<>();
    for (int t = 0; t < trackPackets.length; t++) {
      tracks.add(trackSummary(t, seamed.get(t)));
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

  private TrackSummary trackSummary(int track, SeamedTrack seamed) {
    List<LegTally> trackLegs = legsById(track);
    if (trackLegs.isEmpty()) {
      return new TrackSummary(track, 0, 0, trackRtcp[track], -1, List.of(), 0, 0, 0, List.of(), 0);
    }
    if (seamed != null) {
      SeamedIndex index = seamed.index();
      int n = index.size();
      return new TrackSummary(track, trackPackets[track], trackBytes[track], trackRtcp[track], index.referenceLeg(),
          seamed.legs(), n, n == 0 ? 0 : index.position(0), n == 0 ? 0 : index.position(n - 1), index.gaps(),
          seamed.spanTicks());
    }
    GapMap result = trackLegs.get(0).received;
    return new TrackSummary(
        track,
        trackPackets[track],
        trackBytes[track],
        trackRtcp[track],
        trackLegs.get(0).leg,
        List.of(),
        result.received(),
        result.first(),
        result.last(),
        result.gaps(),
        0);
  }

  private static long key(int track, int leg) {
    return ((long) track << 32) | (leg & 0xffffffffL);
  }
}
