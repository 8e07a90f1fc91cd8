package org.seamcache.seamer;

/**
 * What one leg did in a {@link Seamer}. Immutable snapshot.
 *
 * @param leg the leg's id (order of {@link Seamer#addLeg()})
 * @param status where it stands
 * @param reason why it is (not) aligned, in words
 * @param packets packets offered
 * @param rejected packets whose sequence number or timestamp jumped absurdly (see the extenders)
 * @param seqOffset canonical extended seq − leg extended seq (valid modulo 2^16 for raw numbers)
 * @param tsOffset canonical extended timestamp − leg extended timestamp (modulo 2^32 for raw ones)
 * @param contributed positions this leg filled first (and still holds)
 * @param duplicates packets for positions already holding the same payload
 * @param divergences packets whose payload differed from the one already at their position
 * @param timestampDivergences duplicates whose timestamp differed from the canonical one
 * @param late packets for positions already released (live) or outside the window
 * @param withdrawn fills taken back because the leg diverged before they were confirmed
 * @param realignments times the leg lost its alignment (divergence or discontinuity) and started over
 * @param pending packets still waiting for alignment (contributing nothing)
 * @param leadInSkipped packets before the leg's first match after alignment that would have filled a
 *     position inside the track; skipped, since an origin's first packets after a seek may not
 *     correspond (see {@link Seamer})
 * @param anchorDisagreementTicks when this leg and the reference both have a {@link Seamer#anchor
 *     normalization anchor} and the leg is aligned: the accepted timestamp offset minus the one the
 *     anchors imply (signed, modulo 2^32); 0 means RTP-Info and Range agree with the payloads;
 *     {@link Long#MIN_VALUE} when unknown
 */
public record LegReport(
    int leg,
    LegStatus status,
    String reason,
    long packets,
    long rejected,
    long seqOffset,
    long tsOffset,
    long contributed,
    long duplicates,
    long divergences,
    long timestampDivergences,
    long late,
    long withdrawn,
    long realignments,
    long pending,
    long leadInSkipped,
    long anchorDisagreementTicks) {

  /** Value of {@link #anchorDisagreementTicks()} when there is nothing to compare. */
  public static final long NO_ANCHOR = Long.MIN_VALUE;

  public boolean aligned() {
    return status == LegStatus.REFERENCE || status == LegStatus.ALIGNED;
  }
}
