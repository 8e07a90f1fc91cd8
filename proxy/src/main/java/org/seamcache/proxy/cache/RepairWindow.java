package org.seamcache.proxy.cache;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;

/**
 * The hours of the day in which background work (repair of partial titles, prefetch) may use the
 * origin links: the seed's "times of reduced network congestion, reduced connection costs". A
 * window may wrap midnight ({@code 22:00-05:00}); {@link #ALWAYS} is the whole day. Local time of
 * the clock it is asked with. Immutable.
 */
public record RepairWindow(LocalTime opens, LocalTime closes) {

  /** No restriction. */
  public static final RepairWindow ALWAYS = new RepairWindow(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT);

  /** {@code HH:MM-HH:MM}, or {@code always}. */
  public static RepairWindow parse(String text) {
    String t = text.trim();
    if (t.equalsIgnoreCase("always")) {
      return ALWAYS;
    }
    String[] p = t.split("-");
    if (p.length != 2) {
      throw new IllegalArgumentException("HH:MM-HH:MM (local time; may wrap midnight), or always");
    }
    try {
      RepairWindow w = new RepairWindow(LocalTime.parse(p[0].trim()), LocalTime.parse(p[1].trim()));
      if (w.opens.equals(w.closes)) {
        throw new IllegalArgumentException("an empty window: use always for the whole day");
      }
      return w;
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("HH:MM-HH:MM (local time; may wrap midnight), or always");
    }
  }

  public boolean always() {
    return opens.equals(closes);
  }

  /** Zero while the window is open at {@code now}, else how long until it opens. */
  public Duration untilOpen(ZonedDateTime now) {
    if (always()) {
      return Duration.ZERO;
    }
    LocalTime t = now.toLocalTime();
    boolean open = opens.isBefore(closes) ? !t.isBefore(opens) && t.isBefore(closes) : !t.isBefore(opens) || t.isBefore(closes);
    if (open) {
      return Duration.ZERO;
    }
    ZonedDateTime next = now.with(opens);
    if (!next.isAfter(now)) {
      next = next.plusDays(1);
    }
    return Duration.between(now, next);
  }

  @Override
  public String toString() {
    return always() ? "always" : opens + "-" + closes;
  }
}
