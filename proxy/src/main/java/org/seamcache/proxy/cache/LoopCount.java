package org.seamcache.proxy.cache;

import java.util.Locale;

/**
 * How many times an onward stream of a stored title plays it: once (no looping), {@code N} times,
 * or forever. Written {@code 1}..{@code 100000} or {@code forever} in the configuration. Immutable.
 *
 * @param times plays of the title; ignored when {@code forever}
 */
public record LoopCount(int times, boolean forever) {
  /** No looping: the title plays once and ends (a BYE). */
  public static final LoopCount ONCE = new LoopCount(1, false);

  public static final LoopCount FOREVER = new LoopCount(0, true);

  /** The most plays a finite count may ask for (beyond it, say {@code forever}). */
  public static final int MAX_TIMES = 100_000;

  public LoopCount {
    if (!forever && (times < 1 || times > MAX_TIMES)) {
      throw new IllegalArgumentException("a loop count is 1-" + MAX_TIMES + " or forever, not " + times);
    }
    if (forever) {
      times = 0;
    }
  }

  public static LoopCount times(int n) {
    return new LoopCount(n, false);
  }

  /** {@code forever} or a whole number 1-100000; anything else is refused with the rule. */
  public static LoopCount parse(String text) {
    String s = text.trim().toLowerCase(Locale.ROOT);
    if (s.equals("forever")) {
      return FOREVER;
    }
    try {
      return times(Integer.parseInt(s));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("a loop count is 1-" + MAX_TIMES + " or forever, not '" + text + "'");
    }
  }

  /** Whether play number {@code round} (0 first) is the last one. */
  public boolean isLast(long round) {
    return !forever && round >= times - 1;
  }

  public boolean loops() {
    return forever || times > 1;
  }

  /** As the configuration writes it. */
  public String format() {
    return forever ? "forever" : Integer.toString(times);
  }
}
