package org.seamcache.storage;

import org.seamcache.seamer.LegStatus;

/**
 * What the seamer made of one leg of a track. Immutable.
 *
 * @param leg stored leg id
 * @param status {@code REFERENCE}, {@code ALIGNED} or {@code NOT_ALIGNABLE} (offline seaming leaves no
 *     leg aligning)
 * @param reason why, in the seamer's words
 * @param seqOffset reference leg's extended seq − this leg's stored extended seq (last accepted offset)
 * @param timestampOffset the same for timestamps
 * @param contributed positions of the output this leg filled (first copy there)
 * @param divergences packets whose payload differed from the copy already at their position
 */
public record LegAlignment(
    int leg, LegStatus status, String reason, long seqOffset, long timestampOffset, long contributed, long divergences) {

  public boolean aligned() {
    return status == LegStatus.REFERENCE || status == LegStatus.ALIGNED;
  }
}
