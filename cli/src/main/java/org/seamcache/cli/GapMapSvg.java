package org.seamcache.cli;

import java.util.List;
import java.util.Locale;
import org.seamcache.seamer.GapMap;
import org.seamcache.storage.ContentInfo;
import org.seamcache.storage.LegSummary;
import org.seamcache.storage.TrackInfo;
import org.seamcache.storage.TrackSummary;

/**
 * Draws a content's gap maps as SVG, the way operators sketch them: per track one row per leg and
 * one for the result, positions left to right, received in green, missing in red. Aligned legs are
 * drawn in the reference leg's positions, so a gap one leg fills lines up with the other's hole;
 * unaligned legs are drawn on their own scale and labelled so. Stateless.
 */
final class GapMapSvg {

  private static final int WIDTH = 1000;
  private static final int LABEL_WIDTH = 260;
  private static final int BAR_WIDTH = WIDTH - LABEL_WIDTH - 20;
  private static final int ROW = 22;
  private static final int BAR = 14;
  private static final int MAX_MARKS_PER_ROW = 20_000;

  private GapMapSvg() {}

  static String render(ContentInfo c) {
    StringBuilder body = new StringBuilder();
    int y = 40;
    for (TrackInfo t : c.tracks()) {
      TrackSummary s = c.trackSummaries().get(t.index());
      body.append(text(10, y, "track " + t.index() + " (" + t.mediaType() + " " + t.encodingName() + "/"
          + t.clockRateHz() + ")", true));
      y += ROW;
      if (s.received() == 0) {
        body.append(text(20, y, "no RTP packets", false));
        y += ROW + 10;
        continue;
      }
      long first = s.firstSeq();
      long last = s.lastSeq();
      for (LegSummary leg : c.legSummaries()) {
        if (leg.track() != t.index() || leg.received() == 0) {
          continue;
        }
        Long offset = offsetOf(s, leg.leg());
        if (offset != null) {
          body.append(row(y, "leg " + leg.leg() + " (" + HumanUnits.percent(leg.lossRatio()) + " loss)",
              leg.firstSeq() + offset, leg.lastSeq() + offset, leg.gaps(), offset, first, last));
        } else {
          body.append(row(y, "leg " + leg.leg() + " not aligned (" + HumanUnits.percent(leg.lossRatio()) + ")",
              leg.firstSeq(), leg.lastSeq(), leg.gaps(), 0, leg.firstSeq(), leg.lastSeq()));
        }
        y += ROW;
      }
      double resultLoss = s.expected() == 0 ? 0 : (double) s.missing() / s.expected();
      body.append(row(y, "result (" + s.missing() + " missing, " + HumanUnits.percent(resultLoss) + ")",
          first, last, s.gaps(), 0, first, last));
      y += ROW;
      body.append(text(LABEL_WIDTH, y, "seq " + first, false))
          .append(text(LABEL_WIDTH + BAR_WIDTH - 80, y, "seq " + last, false));
      y += ROW + 10;
    }
    StringBuilder svg = new StringBuilder();
    svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(y)
        .append("\" font-family=\"monospace\" font-size=\"12\">\n")
        .append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n")
        .append(text(10, 20, "content " + c.id() + " " + c.state().label() + " " + c.originUrl(), true))
        .append(body)
        .append("</svg>\n");
    return svg.toString();
  }

  private static Long offsetOf(TrackSummary s, int leg) {
    if (leg == s.referenceLeg()) {
      return 0L;
    }
    for (TrackSummary.LegOffset o : s.alignedLegs()) {
      if (o.leg() == leg) {
        return o.seqOffset();
      }
    }
    return null;
  }

  private static String row(int y, String label, long from, long to, List<GapMap.Range> gaps, long offset,
      long domainFirst, long domainLast) {
    double span = Math.max(1, domainLast - domainFirst + 1);
    StringBuilder out = new StringBuilder(text(20, y + BAR - 2, label, false));
    double x0 = LABEL_WIDTH + (from - domainFirst) / span * BAR_WIDTH;
    double w = Math.max(1, (to - from + 1) / span * BAR_WIDTH);
    out.append(rect(x0, y, w, "#3a3")).append(" ");
    int marks = 0;
    for (GapMap.Range g : gaps) {
      if (marks++ == MAX_MARKS_PER_ROW) {
        break;
      }
      double gx = LABEL_WIDTH + (g.first() + offset - domainFirst) / span * BAR_WIDTH;
      double gw = Math.max(1, g.length() / span * BAR_WIDTH);
      out.append(rect(gx, y, gw, "#d22"));
    }
    return out.append('\n').toString();
  }

  private static String rect(double x, int y, double w, String fill) {
    return String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>",
        x, y, w, BAR, fill);
  }

  private static String text(int x, int y, String s, boolean bold) {
    String escaped = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    return "<text x=\"" + x + "\" y=\"" + y + "\"" + (bold ? " font-weight=\"bold\"" : "") + ">" + escaped + "</text>\n";
  }
}
