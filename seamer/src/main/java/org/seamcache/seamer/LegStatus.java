package org.seamcache.seamer;

/** Where a leg stands with respect to the canonical track. */
public enum LegStatus {
  /** The first leg: its numbering is the canonical numbering. */
  REFERENCE,
  /** Packets wait while payload matches are collected (also after a divergence or a discontinuity). */
  ALIGNING,
  /** Offset accepted; packets are placed and re-verified against the track as they come. */
  ALIGNED,
  /** Finished without an accepted offset; the leg contributed nothing (see the reason). */
  NOT_ALIGNABLE
}
