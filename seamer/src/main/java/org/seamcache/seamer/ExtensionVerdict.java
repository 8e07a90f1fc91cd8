package org.seamcache.seamer;

/**
 * What {@link SeqExtender} or {@link TimestampExtender} decided about the last value it was given.
 *
 * <p>Per-packet outcomes are values, not exceptions: callers count them.
 */
public enum ExtensionVerdict {
  /** The first value seen; it anchors the extended numbering. */
  FIRST,
  /** Ahead of the highest value so far, within the allowed jump. */
  ADVANCED,
  /** Equal to or behind the highest value, within the allowed misorder (reordered or duplicate). */
  LATE,
  /** Too far from the highest value: rejected, no extended value; the next value may confirm a jump. */
  REJECTED_JUMP,
  /**
   * A second value consistent with a previously rejected jump: the stream really moved (a long outage
   * or a source restart). The numbering continues forward from the highest value, so positions stay
   * unique, but anything aligned on the old numbering must be re-verified.
   */
  RESYNCED
}
