package org.seamcache.cli.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.seamcache.cli.JsonWriter;

/**
 * What {@code bench-relay} measured: each figure of seamcache and of the baseline as the median
 * over the repetitions with its min-max, and the ratio seamcache/baseline of the medians. Immutable.
 *
 * @param header lines saying what ran (commands, JVM options, machine load), printed above the table
 */
record RelayBenchReport(List<String> header, int reps, List<Row> rows) {

  /** One figure of both relays. */
  record Row(String label, String unit, List<Double> seamcache, List<Double> baseline) {
    Spread seamcacheSpread() {
      return Spread.of(seamcache);
    }

    Spread baselineSpread() {
      return Spread.of(baseline);
    }

    /** seamcache's median / the baseline's; NaN when either is missing or the baseline's is 0. */
    double ratio() {
      double b = baselineSpread().median();
      return b == 0 ? Double.NaN : seamcacheSpread().median() / b;
    }
  }

  /** Rows in the order the figures were first measured; {@code seamcache} and {@code baseline} hold one list of figures per repetition. */
  static RelayBenchReport of(List<String> header, List<List<Figure>> seamcache, List<List<Figure>> baseline) {
    Map<String, String> units = new LinkedHashMap<>();
    Map<String, List<Double>> s = new LinkedHashMap<>();
    Map<String, List<Double>> b = new LinkedHashMap<>();
    collect(seamcache, units, s);
    collect(baseline, units, b);
    List<Row> rows = new ArrayList<>();
    units.forEach((label, unit) -> rows.add(new Row(label, unit, s.getOrDefault(label, List.of()), b.getOrDefault(label, List.of()))));
    return new RelayBenchReport(List.copyOf(header), Math.max(seamcache.size(), baseline.size()), rows);
  }

  private static void collect(List<List<Figure>> reps, Map<String, String> units, Map<String, List<Double>> values) {
    for (List<Figure> rep : reps) {
      for (Figure f : rep) {
        units.putIfAbsent(f.label(), f.unit());
        values.computeIfAbsent(f.label(), k -> new ArrayList<>()).add(f.value());
      }
    }
  }

  String text() {
    StringBuilder out = new StringBuilder();
    header.forEach(h -> out.append(h).append('\n'));
    out.append(String.format(Locale.ROOT, "%nMedian over %d repetition%s (min-max):%n%n", reps, reps == 1 ? "" : "s"));
    out.append("| | unit | seamcache | baseline | seamcache/baseline |\n|---|---|---|---|---|\n");
    for (Row r : rows) {
      out.append("| ").append(r.label()).append(" | ").append(r.unit()).append(" | ").append(cell(r.seamcacheSpread())).append(" | ")
          .append(cell(r.baselineSpread())).append(" | ").append(Double.isNaN(r.ratio()) ? "-" : String.format(Locale.ROOT, "%.2fx", r.ratio()))
          .append(" |\n");
    }
    return out.toString();
  }

  private static String cell(Spread s) {
    if (s.isEmpty()) {
      return "-";
    }
    if (s.count() == 1) {
      return number(s.median());
    }
    return number(s.median()) + " (" + number(s.min()) + "-" + number(s.max()) + ")";
  }

  private static String number(double v) {
    double a = Math.abs(v);
    if (a == 0) {
      return "0";
    }
    return String.format(Locale.ROOT, a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 0.1 ? "%.2f" : "%.3f", v);
  }

  String json() {
    StringBuilder b = new StringBuilder("{\"header\":[");
    for (int i = 0; i < header.size(); i++) {
      b.append(i == 0 ? "" : ",");
      JsonWriter.appendQuoted(b, header.get(i));
    }
    b.append("],\"reps\":").append(reps).append(",\"rows\":[");
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      b.append(i == 0 ? "" : ",").append("{\"label\":");
      JsonWriter.appendQuoted(b, r.label());
      b.append(",\"unit\":");
      JsonWriter.appendQuoted(b, r.unit());
      b.append(",\"seamcache\":");
      spread(b, r.seamcacheSpread(), r.seamcache());
      b.append(",\"baseline\":");
      spread(b, r.baselineSpread(), r.baseline());
      b.append(",\"ratio\":").append(json(r.ratio())).append('}');
    }
    return b.append("]}").toString();
  }

  private static void spread(StringBuilder b, Spread s, List<Double> values) {
    b.append("{\"median\":").append(json(s.median())).append(",\"min\":").append(json(s.min())).append(",\"max\":").append(json(s.max()))
        .append(",\"values\":[");
    for (int i = 0; i < values.size(); i++) {
      b.append(i == 0 ? "" : ",").append(json(values.get(i)));
    }
    b.append("]}");
  }

  private static String json(double v) {
    return Double.isNaN(v) || Double.isInfinite(v) ? "null" : String.format(Locale.ROOT, "%.6g", v);
  }
}
