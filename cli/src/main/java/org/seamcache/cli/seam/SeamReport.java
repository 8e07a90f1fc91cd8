package org.seamcache.cli.seam;

import org.seamcache.cli.JsonWriter;
import java.util.List;
import java.util.Locale;
import org.seamcache.seamer.GapMap;
import org.seamcache.seamer.LegReport;

/**
 * The {@code seamcache seam --report} JSON, written by hand with a fixed field order so scripts can
 * rely on it. Offsets are modular: an input packet's output sequence number is
 * {@code (seq + seqOffset) mod 2^16}, its timestamp {@code (ts + tsOffset) mod 2^32}. Gaps are
 * ranges of output sequence numbers ({@code first..last}, inclusive, as 16-bit numbers, plus
 * their length), in output order.
 */
public final class SeamReport {

  /** What the command knows about one input. */
  public record Input(String file, long rtpPackets, String stream, String choice, int streamsInFile,
      long notRtp, LegReport leg) {}

  private SeamReport() {}

  public static String json(List<Input> inputs, String outputFile, long outputPackets, GapMap output) {
    StringBuilder b = new StringBuilder(1024);
    b.append("{\n  \"inputs\": [");
    for (int i = 0; i < inputs.size(); i++) {
      Input in = inputs.get(i);
      LegReport l = in.leg();
      b.append(i == 0 ? "\n" : ",\n").append("    {");
      field(b, "file", in.file()).append(", ");
      field(b, "packetsRead", in.rtpPackets()).append(", ");
      field(b, "stream", in.stream()).append(", ");
      field(b, "streamChoice", in.choice()).append(", ");
      field(b, "streamsInFile", in.streamsInFile()).append(", ");
      field(b, "notRtpDatagrams", in.notRtp()).append(",\n      ");
      boolean aligned = l != null && l.aligned();
      field(b, "aligned", aligned).append(", ");
      field(b, "status", l == null ? "NO_STREAM" : l.status().name()).append(", ");
      field(b, "reason", l == null ? "no RTP stream in this file" : l.reason()).append(",\n      ");
      if (aligned) {
        field(b, "seqOffset", l.seqOffset() & 0xFFFF).append(", ");
        field(b, "tsOffset", l.tsOffset() & 0xFFFF_FFFFL).append(", ");
      } else {
        b.append("\"seqOffset\": null, \"tsOffset\": null, ");
      }
      field(b, "contributed", l == null ? 0 : l.contributed()).append(", ");
      field(b, "duplicates", l == null ? 0 : l.duplicates()).append(", ");
      field(b, "divergences", l == null ? 0 : l.divergences()).append(", ");
      field(b, "timestampDivergences", l == null ? 0 : l.timestampDivergences()).append(",\n      ");
      field(b, "rejected", l == null ? 0 : l.rejected()).append(", ");
      field(b, "withdrawn", l == null ? 0 : l.withdrawn()).append(", ");
      field(b, "realignments", l == null ? 0 : l.realignments()).append(", ");
      field(b, "unplaced", l == null ? 0 : l.pending()).append(", ");
      field(b, "leadInSkipped", l == null ? 0 : l.leadInSkipped()).append("}");
    }
    b.append("\n  ],\n  \"output\": {");
    field(b, "file", outputFile).append(", ");
    field(b, "packets", outputPackets).append(", ");
    long span = output.isEmpty() ? 0 : output.last() - output.first() + 1;
    if (!output.isEmpty()) {
      field(b, "firstSeq", output.first() & 0xFFFF).append(", ");
      field(b, "lastSeq", output.last() & 0xFFFF).append(", ");
    }
    field(b, "span", span).append(", ");
    field(b, "missing", output.missing()).append(", ");
    b.append("\"residualLoss\": ").append(String.format(Locale.ROOT, "%.6f", span == 0 ? 0.0 : (double) output.missing() / span));
    b.append(",\n    \"gaps\": [");
    List<GapMap.Range> gaps = output.gaps();
    for (int i = 0; i < gaps.size(); i++) {
      GapMap.Range g = gaps.get(i);
      b.append(i == 0 ? "" : ", ").append("{\"first\": ").append(g.first() & 0xFFFF).append(", \"last\": ")
          .append(g.last() & 0xFFFF).append(", \"length\": ").append(g.length()).append('}');
    }
    b.append("]\n  }\n}\n");
    return b.toString();
  }

  private static StringBuilder field(StringBuilder b, String name, Object value) {
    b.append('"').append(name).append("\": ");
    if (value instanceof String s) {
      JsonWriter.appendQuoted(b, s);
    } else {
      b.append(value);
    }
    return b;
  }
}
