package org.seamcache.proxy.seam;

import java.time.Duration;

/**
 * How live content is seamed and when legs are opened or closed. Immutable; validated here.
 *
 * @param fillWindow how long a missing position waits for a copy from another leg before viewers get a gap
 * @param lossInterval the interval over which each leg's loss is measured
 * @param openAboveLoss open another leg when even the best leg lost more than this fraction ...
 * @param intervalsToOpen ... for this many intervals in a row
 * @param closeBelowLoss close an extra leg when the seamed output and every leg lost less than this ...
 * @param closeHold ... for this long (hysteresis: a leg is not closed and reopened in turns)
 * @param maxLegs legs per content at most (1 turns seaming into plain relaying through the seamer)
 * @param maxLegsPerOrigin legs to one origin host at most, over all its contents (many cameras allow few sessions)
 * @param firstBackoff wait after an origin refused an extra leg; doubles with each refusal ...
 * @param maxBackoff ... up to this
 * @param alignTimeout an extra leg whose payloads have not aligned after this long is not alignable (a separate encode)
 */
public record SeamSettings(
    Duration fillWindow,
    Duration lossInterval,
    double openAboveLoss,
    int intervalsToOpen,
    double closeBelowLoss,
    Duration closeHold,
    int maxLegs,
    int maxLegsPerOrigin,
    Duration firstBackoff,
    Duration maxBackoff,
    Duration alignTimeout) {

  public SeamSettings {
    if (!(closeBelowLoss >= 0 && closeBelowLoss < openAboveLoss && openAboveLoss <= 1)) {
      throw new IllegalArgumentException("need 0 <= leg close loss (" + closeBelowLoss + ") < leg open loss (" + openAboveLoss
          + ") <= 1, so legs do not flap");
    }
    if (maxLegs < 1 || maxLegs > 8) {
      throw new IllegalArgumentException("max legs must be 1..8, not " + maxLegs);
    }
    if (maxLegsPerOrigin < 1) {
      throw new IllegalArgumentException("max legs per origin must be at least 1, not " + maxLegsPerOrigin);
    }
    if (intervalsToOpen < 1) {
      throw new IllegalArgumentException("intervals to open must be at least 1, not " + intervalsToOpen);
    }
    if (fillWindow.isNegative() || fillWindow.toMillis() > 5000) {
      throw new IllegalArgumentException("fill window must be 0..5000 ms, not " + fillWindow.toMillis() + " ms");
    }
    if (lossInterval.toMillis() < 100 || closeHold.isNegative() || firstBackoff.isNegative() || maxBackoff.compareTo(firstBackoff) < 0
        || alignTimeout.toMillis() < 1000) {
      throw new IllegalArgumentException("loss interval >= 100 ms, align timeout >= 1 s, backoffs and hold not negative");
    }
  }

  /** 200 ms fill window; open at 1% loss for 3 s, close after 30 s under 0.2%; 3 legs, 8 per origin host. */
  public static SeamSettings defaults() {
    return new SeamSettings(Duration.ofMillis(200), Duration.ofSeconds(1), 0.01, 3, 0.002, Duration.ofSeconds(30), 3, 8,
        Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofSeconds(10));
  }

  public SeamSettings withMaxLegs(int legs) {
    return new SeamSettings(fillWindow, lossInterval, openAboveLoss, intervalsToOpen, closeBelowLoss, closeHold, legs,
        maxLegsPerOrigin, firstBackoff, maxBackoff, alignTimeout);
  }

  public SeamSettings withFillWindow(Duration window) {
    return new SeamSettings(window, lossInterval, openAboveLoss, intervalsToOpen, closeBelowLoss, closeHold, maxLegs,
        maxLegsPerOrigin, firstBackoff, maxBackoff, alignTimeout);
  }

  public SeamSettings withOpen(double aboveLoss, int intervals) {
    return new SeamSettings(fillWindow, lossInterval, aboveLoss, intervals, closeBelowLoss, closeHold, maxLegs,
        maxLegsPerOrigin, firstBackoff, maxBackoff, alignTimeout);
  }

  public SeamSettings withClose(double belowLoss, Duration hold) {
    return new SeamSettings(fillWindow, lossInterval, openAboveLoss, intervalsToOpen, belowLoss, hold, maxLegs,
        maxLegsPerOrigin, firstBackoff, maxBackoff, alignTimeout);
  }

  public SeamSettings withMaxLegsPerOrigin(int legs) {
    return new SeamSettings(fillWindow, lossInterval, openAboveLoss, intervalsToOpen, closeBelowLoss, closeHold, maxLegs,
        legs, firstBackoff, maxBackoff, alignTimeout);
  }

  public SeamSettings withAlignTimeout(Duration timeout) {
    return new SeamSettings(fillWindow, lossInterval, openAboveLoss, intervalsToOpen, closeBelowLoss, closeHold, maxLegs,
        maxLegsPerOrigin, firstBackoff, maxBackoff, timeout);
  }

  public SeamSettings withBackoff(Duration first, Duration max) {
    return new SeamSettings(fillWindow, lossInterval, openAboveLoss, intervalsToOpen, closeBelowLoss, closeHold, maxLegs,
        maxLegsPerOrigin, first, max, alignTimeout);
  }
}
