package org.seamcache.storage;

import java.util.List;
import org.seamcache.seamer.GapMap;

/**
 * What one upstream leg delivered on one track, in that leg's extended sequence numbers. Immutable.
 *
 * @param track 0-based track
 * @param leg stored leg id (unique within the content)
 * @param packets RTP packets stored, duplicates included
 * @param bytes RTP bytes stored
 * @param received distinct sequence numbers received
 * @param firstSeq lowest extended sequence number (meaningless when {@code received == 0})
 * @param lastSeq highest extended sequence number
 * @param gaps missing ranges between first and last
 */
public record LegSummary(
    int track, int leg, long packets, long bytes, long received, long firstSeq, long lastSeq, List<GapMap.Range> gaps) {

  public LegSummary {
    gaps = List.copyOf(gaps);
  }

  /** Sequence numbers from first to last. */
  public long expected() {
    return received == 0 ? 0 : lastSeq - firstSeq + 1;
  }

  public long missing() {
    return expected() - received;
  }

  /** missing / expected, 0 when nothing was expected. */
  public double lossRatio() {
    return expected() == 0 ? 0 : (double) missing() / expected();
  }
}
