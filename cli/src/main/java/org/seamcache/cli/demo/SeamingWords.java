package org.seamcache.cli.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.seamcache.proxy.admin.ProxyStatus;
import org.seamcache.proxy.session.ContentHubStatus;

/** A content's seaming figures from {@code /status}, said in plain words, one fact a line. Stateless. */
public final class SeamingWords {

  private SeamingWords() {}

  /** Legs opened beyond the first (the hub's own count includes the viewer's first leg). */
  public static long extraLegs(ContentHubStatus h) {
    return Math.max(0, h.legsOpened() - 1);
  }

  public static List<String> of(ContentHubStatus h, ProxyStatus status) {
    List<String> lines = new ArrayList<>();
    long extra = extraLegs(h);
    lines.add("extra legs opened: " + extra + (extra == 0 ? " (the first leg's loss never called for one)" : ""));
    for (ContentHubStatus.Leg l : h.legs()) {
      String lastSecond = l.lastIntervalLoss() < 0 ? "no full second measured yet" // a leg opened just now
          : String.format(Locale.ROOT, "lost %.1f%% in its last second", 100 * l.lastIntervalLoss());
      lines.add(String.format(Locale.ROOT, "  leg %d, %s: %s; %s, %,d packets, %,d used to fill gaps",
          l.id(), l.role(), l.openedFor().isBlank() ? "the viewer's own" : "opened because " + l.openedFor(),
          lastSecond, l.packets(), l.contributed()));
    }
    long expected = 0;
    long lost = 0;
    for (ProxyStatus.Leg leg : status.legs()) {
      if (h.legs().stream().anyMatch(l -> l.id() == leg.id())) {
        expected += leg.expected();
        lost += leg.lost();
      }
    }
    if (expected > 0) {
      lines.add(String.format(Locale.ROOT, "the legs lost %.1f%% of their packets on the way from the origin (%,d of %,d)",
          100.0 * lost / expected, lost, expected));
    }
    lines.add(String.format(Locale.ROOT, "gaps filled from another leg: %,d", h.fills()));
    lines.add(String.format(Locale.ROOT, "residual loss: %.2f%% (%,d of %,d positions no leg had; %.2f%% in the last second)",
        100 * h.residualLoss(), h.gaps(), h.released() + h.gaps(), 100 * h.lastOutputLoss()));
    return lines;
  }
}
