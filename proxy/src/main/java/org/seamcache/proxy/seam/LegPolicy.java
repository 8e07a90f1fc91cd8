package org.seamcache.proxy.seam;

import java.util.Locale;
import org.seamcache.seamer.LegCountAdvisor;

/**
 * Decides, once per loss interval, whether a content needs another upstream leg or can give one
 * back. Open when even the best leg lost more than the open threshold for K intervals (with k legs
 * of independent loss p the output keeps about p^k, so one more helps); close the newest extra leg
 * once the seamed output and every leg stayed under the close threshold for the hold time. Never past
 * the maximum, never while an origin's refusal is being backed off from (the backoff doubles with
 * each refusal, and the legs the origin had when it refused become the ceiling until it ends), and
 * never again for a content whose extra legs were not alignable. Time comes in as arguments.
 *
 * <p>Confined to the hub's event loop.
 */
public final class LegPolicy {

  /** What to do after an interval. */
  public enum Kind { HOLD, OPEN, CLOSE, BLOCKED }

  /** Why an open was wanted but not done. */
  public enum Block { NONE, MAX_LEGS, BACKOFF, NOT_ALIGNABLE, ORIGIN_BUDGET }

  /**
   * A decision with its reason in words (for the one log line each decision gets).
   *
   * @param closeLeg for CLOSE: the index (in the order given to {@link #observe}) of the leg to close
   */
  public record Decision(Kind kind, Block block, int closeLeg, String reason) {
    static final Decision HOLD = new Decision(Kind.HOLD, Block.NONE, -1, "");
  }

  private final SeamSettings settings;
  private final LegCountAdvisor advisor;
  private long backoffNanos;
  private long backoffUntilNanos;
  private boolean backingOff;
  private int ceiling = Integer.MAX_VALUE;
  private String notAlignable;
  private long refusals;

  public LegPolicy(SeamSettings settings) {
    this.settings = settings;
    long intervalNanos = settings.lossInterval().toNanos();
    int intervalsToClose = (int) Math.max(1, (settings.closeHold().toNanos() + intervalNanos - 1) / intervalNanos);
    this.advisor = new LegCountAdvisor(settings.openAboveLoss(), settings.closeBelowLoss(), settings.intervalsToOpen(), intervalsToClose);
  }

  /**
   * Takes one interval.
   *
   * @param legLoss each open leg's loss over the interval, oldest first (1 for a silent leg, -1 for
   *     no information)
   * @param outputLoss the seamed output's loss over the interval (-1: nothing released)
   * @param opening legs being opened right now (not yet in {@code legLoss})
   * @param budgetLeft whether the origin host's leg budget has room for one more
   */
  public Decision observe(double[] legLoss, double outputLoss, int opening, boolean budgetLeft, long nowNanos) {
    double best = Double.MAX_VALUE;
    double worst = Math.max(0, outputLoss);
    for (double l : legLoss) {
      if (l >= 0) {
        best = Math.min(best, l);
        worst = Math.max(worst, l);
      }
    }
    if (best == Double.MAX_VALUE) {
      return Decision.HOLD; // no leg said anything this interval
    }
    if (backingOff && nowNanos - backoffUntilNanos >= 0) {
      backingOff = false;
      ceiling = Integer.MAX_VALUE;
    }
    LegCountAdvisor.Advice advice = advisor.observe(best, worst);
    int legs = legLoss.length + opening;
    String figures = String.format(Locale.ROOT, "best leg lost %.2f%%, output %.2f%%, %d leg(s)", 100 * best,
        100 * Math.max(0, outputLoss), legs);
    if (advice == LegCountAdvisor.Advice.OPEN_LEG) {
      String why = "loss above " + pct(settings.openAboveLoss()) + " for " + settings.intervalsToOpen() + " interval(s): " + figures;
      if (notAlignable != null) {
        return new Decision(Kind.BLOCKED, Block.NOT_ALIGNABLE, -1, why + "; not opening: " + notAlignable);
      }
      if (legs >= Math.min(settings.maxLegs(), ceiling)) {
        return new Decision(Kind.BLOCKED, backingOff ? Block.BACKOFF : Block.MAX_LEGS, -1,
            why + "; not opening: " + (backingOff ? "the origin refused a session, backing off" : "at the maximum of " + settings.maxLegs()));
      }
      if (backingOff) {
        return new Decision(Kind.BLOCKED, Block.BACKOFF, -1, why + "; not opening: backing off after the origin refused a session");
      }
      if (!budgetLeft) {
        return new Decision(Kind.BLOCKED, Block.ORIGIN_BUDGET, -1,
            why + "; not opening: the origin host has its maximum of " + settings.maxLegsPerOrigin() + " legs");
      }
      return new Decision(Kind.OPEN, Block.NONE, -1, why);
    }
    if (advice == LegCountAdvisor.Advice.CLOSE_LEG && legLoss.length > 1 && opening == 0) {
      return new Decision(Kind.CLOSE, Block.NONE, legLoss.length - 1,
          "output and every leg under " + pct(settings.closeBelowLoss()) + " for " + settings.closeHold().toSeconds() + " s: " + figures);
    }
    return Decision.HOLD;
  }

  /**
   * The origin refused an extra leg (453, 503, 454, a second 401, a timeout). Backs off, doubling,
   * and makes {@code legsWhenRefused} the ceiling until the backoff ends. Returns the backoff.
   */
  public long refused(int legsWhenRefused, long nowNanos) {
    refusals++;
    backoffNanos = backoffNanos == 0 ? settings.firstBackoff().toNanos() : Math.min(settings.maxBackoff().toNanos(), 2 * backoffNanos);
    backoffUntilNanos = nowNanos + backoffNanos;
    backingOff = true;
    ceiling = Math.max(1, legsWhenRefused);
    return backoffNanos;
  }

  /** An extra leg started: the next refusal backs off from the first step again. */
  public void opened() {
    backoffNanos = 0;
  }

  /** An extra leg could not be aligned: no further legs for this content. */
  public void notAlignable(String why) {
    notAlignable = why;
  }

  public boolean isNotAlignable() {
    return notAlignable != null;
  }

  public boolean backingOff(long nowNanos) {
    return backingOff && nowNanos - backoffUntilNanos < 0;
  }

  public long refusals() {
    return refusals;
  }

  private static String pct(double fraction) {
    return String.format(Locale.ROOT, "%.2f%%", 100 * fraction);
  }
}
