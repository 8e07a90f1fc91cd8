package org.seamcache.seamer;

/**
 * Turns a leg's closed {@link LossInterval}s into advice to open or close an upstream leg, with
 * hysteresis: open after {@code intervalsToOpen} consecutive intervals above {@code openAboveLoss},
 * close after {@code intervalsToClose} consecutive intervals below {@code closeBelowLoss}. An interval
 * with no arrivals at all counts as total loss (a dead leg is the strongest reason to add one).
 * Intervals in which nothing was expected and something arrived (only late packets) change nothing.
 *
 * <p>The advice is about the content, so feed it the loss of the seamed output (or of the best leg);
 * the caller decides the maximum number of legs. Not thread-safe: confine to one thread.
 */
public final class LegCountAdvisor {

  /** What to do after an interval. */
  public enum Advice { HOLD, OPEN_LEG, CLOSE_LEG }

  private final double openAboveLoss;
  private final double closeBelowLoss;
  private final int intervalsToOpen;
  private final int intervalsToClose;
  private int above;
  private int below;

  public LegCountAdvisor(double openAboveLoss, double closeBelowLoss, int intervalsToOpen, int intervalsToClose) {
    if (!(closeBelowLoss >= 0 && closeBelowLoss < openAboveLoss && openAboveLoss <= 1)) {
      throw new IllegalArgumentException("need 0 <= closeBelowLoss (" + closeBelowLoss
          + ") < openAboveLoss (" + openAboveLoss + ") <= 1 for hysteresis");
    }
    if (intervalsToOpen < 1 || intervalsToClose < 1) {
      throw new IllegalArgumentException("interval counts must be at least 1");
    }
    this.openAboveLoss = openAboveLoss;
    this.closeBelowLoss = closeBelowLoss;
    this.intervalsToOpen = intervalsToOpen;
    this.intervalsToClose = intervalsToClose;
  }

  /** Takes one closed interval; the counters restart after each OPEN_LEG or CLOSE_LEG advice. */
  public Advice observe(LossInterval interval) {
    double loss = lossOf(interval);
    return loss < 0 ? Advice.HOLD : observe(loss, loss);
  }

  /**
   * Takes one interval judged by two figures: {@code openSignal} (e.g. the best leg's loss: even it
   * is lossy, so another leg would help) is compared with the open threshold, {@code closeSignal}
   * (e.g. the worst of the seamed output and every leg: all are clean) with the close threshold.
   */
  public Advice observe(double openSignal, double closeSignal) {
    above = openSignal > openAboveLoss ? above + 1 : 0;
    below = closeSignal < closeBelowLoss ? below + 1 : 0;
    if (above >= intervalsToOpen) {
      above = 0;
      return Advice.OPEN_LEG;
    }
    if (below >= intervalsToClose) {
      below = 0;
      return Advice.CLOSE_LEG;
    }
    return Advice.HOLD;
  }

  /**
   * The loss an interval stands for: 1 when nothing arrived (a dead leg), -1 when nothing was
   * expected but something arrived (only late packets: no information), else the lost fraction.
   */
  public static double lossOf(LossInterval interval) {
    if (interval.arrivals() == 0) {
      return 1.0;
    }
    return interval.expected() == 0 ? -1 : interval.lossFraction();
  }

  /** Consecutive intervals above the open threshold so far. */
  public int intervalsAbove() {
    return above;
  }

  /** Consecutive intervals below the close threshold so far. */
  public int intervalsBelow() {
    return below;
  }
}
