package org.seamcache.cli.bench;

import java.util.List;
import org.seamcache.cli.JsonWriter;
import java.util.Locale;

/** What a bench run measured, per viewer and in total. Immutable. */
record BenchReport(String url, int viewers, double seconds, List<Viewer> results) {

  /** One viewer's reception. */
  record Viewer(int index, String failure, long packets, long bytes, double packetsPerSecond, long expected, long lost,
      double jitterMillis, String transport) {
    double lossPercent() {
      return expected == 0 ? 0 : 100.0 * lost / expected;
    }
  }

  long totalPackets() {
    return results.stream().mapToLong(Viewer::packets).sum();
  }

  long failures() {
    return results.stream().filter(v -> v.failure() != null).count();
  }

  String text() {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "%-6s %-5s %10s %10s %9s %8s %10s%n", "viewer", "via", "packets", "pkts/s", "loss%", "jitter", "note"));
    for (Viewer v : results) {
      b.append(String.format(Locale.ROOT, "%-6d %-5s %10d %10.1f %9.3f %6.2fms %s%n", v.index(), v.transport(), v.packets(),
          v.packetsPerSecond(), v.lossPercent(), v.jitterMillis(), v.failure() == null ? "" : "FAILED: " + v.failure()));
    }
    double meanRate = results.stream().mapToDouble(Viewer::packetsPerSecond).average().orElse(0);
    double worstLoss = results.stream().mapToDouble(Viewer::lossPercent).max().orElse(0);
    double worstJitter = results.stream().mapToDouble(Viewer::jitterMillis).max().orElse(0);
    b.append(String.format(Locale.ROOT, "total: %d viewers, %d failed, %d packets in %.1f s (%.0f packets/s); per viewer mean %.1f packets/s, worst loss %.3f%%, worst jitter %.2f ms%n",
        viewers, failures(), totalPackets(), seconds, totalPackets() / Math.max(0.001, seconds), meanRate, worstLoss, worstJitter));
    return b.toString();
  }

  String json() {
    StringBuilder b = new StringBuilder();
    b.append("{\"url\":");
    JsonWriter.appendQuoted(b, url);
    b.append(",\"viewers\":").append(viewers)
        .append(",\"seconds\":").append(String.format(Locale.ROOT, "%.3f", seconds))
        .append(",\"totalPackets\":").append(totalPackets()).append(",\"failed\":").append(failures()).append(",\"results\":[");
    for (int i = 0; i < results.size(); i++) {
      Viewer v = results.get(i);
      b.append(i == 0 ? "" : ",").append("{\"viewer\":").append(v.index())
          .append(",\"transport\":\"").append(v.transport()).append('"')
          .append(",\"packets\":").append(v.packets())
          .append(",\"bytes\":").append(v.bytes())
          .append(",\"packetsPerSecond\":").append(String.format(Locale.ROOT, "%.2f", v.packetsPerSecond()))
          .append(",\"expected\":").append(v.expected())
          .append(",\"lost\":").append(v.lost())
          .append(",\"jitterMillis\":").append(String.format(Locale.ROOT, "%.3f", v.jitterMillis()))
          .append(",\"failure\":");
      if (v.failure() == null) {
        b.append("null");
      } else {
        JsonWriter.appendQuoted(b, v.failure());
      }
      b.append('}');
    }
    return b.append("]}").toString();
  }
}
