package org.seamcache.storage;

import java.util.List;

/**
 * Totals of everything a content's queue holds, as persisted in {@code summary.properties} or taken
 * live from a writer. Immutable.
 */
record RecordingSummary(
    long excerpts,
    long packets,
    long bytes,
    long rtcpPackets,
    long storedBytes,
    long firstArrivalNanos,
    long lastArrivalNanos,
    List<TrackSummary> tracks,
    List<LegSummary> legs) {

  RecordingSummary {
    tracks = List.copyOf(tracks);
    legs = List.copyOf(legs);
  }

  static RecordingSummary empty(int trackCount) {
    return new RecordingTally(trackCount).summary(java.util.Map.of());
  }

  /** Highest stored leg id, -1 when there is none. */
  int maxLeg() {
    return legs.stream().mapToInt(LegSummary::leg).max().orElse(-1);
  }
}
