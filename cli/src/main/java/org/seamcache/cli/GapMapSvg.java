package org.seamcache.cli;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.seamcache.seamer.GapMap;
import org.seamcache.storage.ContentInfo;
import org.seamcache.storage.LegAlignment;
import org.seamcache.storage.LegSummary;
import org.seamcache.storage.SeamedIndex;
import org.seamcache.storage.TrackInfo;
import org.seamcache.storage.TrackSummary;

/**
 * Draws a content's legs and seamed result as SVG on one axis per track (positions in the reference
 * leg's numbers, with the media time at both ends): each leg's row in its own colour where it has
 * packets and red where it lost them; the result row coloured by the leg that filled each stretch
 * and red where no leg could. A leg the seamer found not alignable is drawn grey on its own scale
 * and labelled so (its positions mean nothing on the reference's axis). Stateless.
 */
final class GapMapSvg {

  private static final int WIDTH = 1000;
  private static final int LABEL_WIDTH = 300;
  private static final int BAR_WIDTH = WIDTH - LABEL_WIDTH - 20;
  private static final int ROW = 22;
  private static final int BAR = 14;
  private static final int MAX_MARKS_PER_ROW = 20_000;
  static final String GAP = "#d22";
  private static final String UNALIGNED = "#aaa";
  private static final String[] LEG_COLOURS = {"#2a6fb0", "#e08a1e", "#2e9e4f", "#8e44ad", "#16a0a0", "#b5651d"};

  private GapMapSvg() {}

  static String colourOf(int leg) {
    return LEG_COLOURS[Math.floorMod(leg, LEG_COLOURS.length)];
  }

  static String render(ContentInfo c, Map<Integer, SeamedIndex> indexes) {
    StringBuilder body = new StringBuilder();
    int y = 40;
    for (TrackInfo t : c.tracks()) {
      TrackSummary s = c.trackSummaries().get(t.index());
      SeamedIndex index = indexes.get(t.index());
      body.append(text(10, y, "track " + t.index() + " (" + t.mediaType() + " " + t.encodingName() + "/"
          + t.clockRateHz() + ")" + (index.rebuilt() ? "  [index " + index.origin() + "]" : ""), true));
      y += ROW;
      if (index.size() == 0) {
        body.append(text(20, y, "no RTP packets", false));
        y += ROW + 10;
        continue;
      }
      long first = index.position(0);
      long last = index.position(index.size() - 1);
      Map<Integer, Long> filled = index.contributions();
      for (LegSummary leg : c.legSummaries()) {
        if (leg.track() != t.index() || leg.received() == 0) {
          continue;
        }
        LegAlignment a = s.leg(leg.leg());
        boolean placed = a == null ? leg.leg() == index.referenceLeg() : a.aligned();
        if (placed) {
          long offset = a == null ? 0 : a.seqOffset();
          String label = "leg " + leg.leg() + (leg.leg() == index.referenceLeg() ? " ref" : "") + " ("
              + HumanUnits.percent(leg.lossRatio()) + " loss, filled " + filled.getOrDefault(leg.leg(), 0L) + ")";
          body.append(legRow(y, label, leg.firstSeq() + offset, leg.lastSeq() + offset, leg.gaps(), offset, first, last,
              colourOf(leg.leg())));
        } else {
          String label = "leg " + leg.leg() + " NOT ALIGNABLE (" + HumanUnits.percent(leg.lossRatio()) + " loss)";
          body.append(legRow(y, label, leg.firstSeq(), leg.lastSeq(), leg.gaps(), 0, leg.firstSeq(), leg.lastSeq(),
              UNALIGNED));
        }
        y += ROW;
      }
      double resultLoss = s.expected() == 0 ? 0 : (double) s.missing() / s.expected();
      body.append(resultRow(y, "seamed (" + s.missing() + " missing, " + HumanUnits.percent(resultLoss) + ", "
          + index.seams().size() + " seams)", index, first, last));
      y += ROW;
      double seconds = (index.timestamp(index.size() - 1) - index.timestamp(0)) / (double) Math.max(1, t.clockRateHz());
      body.append(text(LABEL_WIDTH, y, "seq " + first + " (0 s)", false))
          .append(text(LABEL_WIDTH + BAR_WIDTH - 160, y, String.format(Locale.ROOT, "seq %d (%.1f s)", last, seconds),
              false));
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

  /** A leg: its colour from first to last packet, red over its own gaps (shifted onto the axis). */
  private static String legRow(int y, String label, long from, long to, List<GapMap.Range> gaps, long offset,
      long domainFirst, long domainLast, String colour) {
    double span = Math.max(1, domainLast - domainFirst + 1);
    StringBuilder out = new StringBuilder(text(20, y + BAR - 2, label, false));
    out.append(rect(x(from, domainFirst, span), y, width(to - from + 1, span), colour));
    int marks = 0;
    for (GapMap.Range g : gaps) {
      if (marks++ == MAX_MARKS_PER_ROW) {
        break;
      }
      out.append(rect(x(g.first() + offset, domainFirst, span), y, width(g.length(), span), GAP));
    }
    return out.append('\n').toString();
  }

  /** The seamed result: each stretch in the colour of the leg that filled it, gaps red. */
  private static String resultRow(int y, String label, SeamedIndex index, long domainFirst, long domainLast) {
    double span = Math.max(1, domainLast - domainFirst + 1);
    StringBuilder out = new StringBuilder(text(20, y + BAR - 2, label, false));
    int marks = 0;
    int runStart = 0;
    for (int i = 1; i <= index.size() && marks < MAX_MARKS_PER_ROW; i++) {
      boolean runEnds = i == index.size() || index.leg(i) != index.leg(runStart)
          || index.position(i) != index.position(i - 1) + 1;
      if (runEnds) {
        long from = index.position(runStart);
        long to = index.position(i - 1);
        out.append(rect(x(from, domainFirst, span), y, width(to - from + 1, span), colourOf(index.leg(runStart))));
        marks++;
        runStart = i;
      }
    }
    for (GapMap.Range g : index.gaps()) {
      if (marks++ >= MAX_MARKS_PER_ROW) {
        break;
      }
      out.append(rect(x(g.first(), domainFirst, span), y, width(g.length(), span), GAP));
    }
    return out.append('\n').toString();
  }

  private static double x(long position, long domainFirst, double span) {
    return LABEL_WIDTH + (position - domainFirst) / span * BAR_WIDTH;
  }

  private static double width(long positions, double span) {
    return Math.max(1, positions / span * BAR_WIDTH);
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
