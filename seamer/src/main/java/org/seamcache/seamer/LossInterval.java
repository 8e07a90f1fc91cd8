package org.seamcache.seamer;

/**
 * Loss figures of one leg over one measurement interval, as closed by {@link LossMeter}.
 *
 * @param startNanos interval start (caller's clock)
 * @param endNanos interval end (caller's clock)
 * @param expected positions judged in this interval (passed by the highest number plus the reorder grace)
 * @param lost of those, positions never received
 * @param arrivals packets that arrived in the interval, duplicates included (0 means the leg was silent)
 * @param duplicates arrivals of a position already received
 * @param reordered arrivals below the highest number seen (late but within the window)
 * @param tooLate arrivals too old to judge (behind the window): neither counted received nor lost again
 */
public record LossInterval(
    long startNanos,
    long endNanos,
    long expected,
    long lost,
    long arrivals,
    long duplicates,
    long reordered,
    long tooLate) {

  /** Positions judged that were received. */
  public long received() {
    return expected - lost;
  }

  /** {@code lost / expected}, 0 when nothing was expected. */
  public double lossFraction() {
    return expected == 0 ? 0.0 : (double) lost / expected;
  }
}
