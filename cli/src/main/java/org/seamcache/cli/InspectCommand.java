package org.seamcache.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.seamcache.seamer.GapMap;
import org.seamcache.seamer.LegStatus;
import org.seamcache.storage.ContentInfo;
import org.seamcache.storage.DataDirectory;
import org.seamcache.storage.LegAlignment;
import org.seamcache.storage.LegSummary;
import org.seamcache.storage.SeamedIndex;
import org.seamcache.storage.TrackInfo;
import org.seamcache.storage.TrackSummary;
import org.seamcache.storage.UnknownContentException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code seamcache inspect ID}: tracks, legs (loss, alignment, positions filled), the seams and gaps of
 * each track's seamed result, and an SVG gap map. One instance per invocation, on the calling thread.
 */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    header = "Shows one content: tracks, legs, what each leg filled, seams and gaps; --svg draws them.",
    description =
        "Shows one content: its state and why, tracks, and per leg its loss, its alignment status and "
            + "reason, and the positions it filled first in the seamed result (the seamer's rule: the "
            + "leg with the lowest id is the reference); per track the seams (where the result switches "
            + "from one leg to another) and the remaining gaps. Reads each track's seamed index; a "
            + "missing or damaged one is rebuilt from the recording, and inspect says so. --svg draws "
            + "every leg and the seamed result on one axis.",
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {ExitCodes.L0, ExitCodes.L1, ExitCodes.L2, ExitCodes.L3})
final class InspectCommand extends ContentCommand {

  private static final int GAPS_SHOWN = 20;

  @Parameters(paramLabel = "ID", description = "Content id (a unique prefix is enough).")
  String id;

  @Option(names = "--json", description = "Print one JSON object with every field and all gap ranges.")
  boolean json;

  @Option(names = "--svg", paramLabel = "FILE", description = "Also write the gap map picture to FILE (SVG).")
  Path svg;

  @Option(names = "--all-gaps", description = "List every gap range and seam (default: the first " + GAPS_SHOWN + ").")
  boolean allGaps;

  @Override
  int run(DataDirectory data) {
    String full = resolveId(data, id);
    ContentInfo c = data.catalog().get(full).orElseThrow(() -> new UnknownContentException(full));
    Map<Integer, SeamedIndex> indexes = new TreeMap<>();
    for (TrackInfo t : c.tracks()) {
      indexes.put(t.index(), data.seamedIndex(full, t.index()));
    }
    if (svg != null) {
      try {
        Files.writeString(svg, GapMapSvg.render(c, indexes), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new Exit(ExitCodes.FAILURE, "cannot write " + svg + ": " + e.getMessage());
      }
    }
    if (json) {
      JsonWriter w = new JsonWriter().beginObject();
      ContentJson.full(w, c, indexes);
      out().println(w.endObject());
      return ExitCodes.OK;
    }
    out().printf("content   %s%n", c.id());
    out().printf("url       %s%n", c.originUrl());
    out().printf("state     %s%s%s%n", c.state().label(), c.stateDetail().isEmpty() ? "" : ": " + c.stateDetail(),
        c.stopReason() == null ? "" : " (" + c.stopReason().name().toLowerCase(java.util.Locale.ROOT)
            + (c.stopDetail().isEmpty() ? "" : ": " + c.stopDetail()) + ")");
    if (!c.writerPid().isEmpty()) {
      out().printf("writer    pid %s (alive)%n", c.writerPid());
    }
    if (c.damaged()) {
      out().printf("damage    %s%n", c.damage());
    }
    if (c.excerpts() > 0) {
      out().printf("recorded  %s .. %s (%s)%n", Instant.ofEpochSecond(0, c.firstArrivalNanos()),
          Instant.ofEpochSecond(0, c.lastArrivalNanos()), HumanUnits.duration(c.durationNanos()));
    }
    out().printf("totals    %d RTP packets, %s, %d RTCP packets, %s on disk%n", c.packets(),
        HumanUnits.bytes(c.bytes()), c.rtcpPackets(), HumanUnits.bytes(c.storedBytes()));
    for (TrackInfo t : c.tracks()) {
      TrackSummary s = c.trackSummaries().get(t.index());
      out().printf("%ntrack %d  %s  %s %s/%d pt %d: %d packets, %s, %d RTCP%n", t.index(), t.control(),
          t.mediaType(), t.encodingName(), t.clockRateHz(), t.payloadType(), s.packets(), HumanUnits.bytes(s.bytes()),
          s.rtcpPackets());
      SeamedIndex index = indexes.get(t.index());
      if (index.rebuilt()) {
        out().printf("  index       %s%n", index.origin());
      }
      if (s.received() > 0) {
        double loss = s.expected() == 0 ? 0 : (double) s.missing() / s.expected();
        out().printf("  result      seq %d..%d in leg %d's numbers: %d missing (%s)%s%n", s.firstSeq(), s.lastSeq(),
            s.referenceLeg(), s.missing(), HumanUnits.percent(loss), gapText(s.gaps()));
      }
      Map<Integer, Long> filled = index.contributions();
      for (LegSummary l : c.legSummaries()) {
        if (l.track() != t.index()) {
          continue;
        }
        LegAlignment a = s.leg(l.leg());
        String how = a == null ? "not seamed yet"
            : switch (a.status()) {
              case REFERENCE -> "reference";
              case ALIGNED -> "aligned (seq offset " + a.seqOffset() + ")";
              default -> "NOT ALIGNABLE";
            };
        out().printf("  leg %-7d %d packets, seq %d..%d, %d missing (%s loss), %s, filled %d positions first%s%n",
            l.leg(), l.packets(), l.firstSeq(), l.lastSeq(), l.missing(), HumanUnits.percent(l.lossRatio()), how,
            filled.getOrDefault(l.leg(), 0L), gapText(l.gaps()));
        if (a != null && a.status() != LegStatus.REFERENCE) {
          out().printf("              %s%n", a.reason());
        }
      }
      if (s.received() > 0) {
        out().printf("  seams       %s%n", seamText(index.seams()));
      }
    }
    // the repairs the proxy ran on this title, oldest first (kept with the recording as repair.<epoch ms>)
    Map<String, String> attributes = data.attributes(full);
    java.util.List<String> repairs = attributes.keySet().stream().filter(k -> k.startsWith("repair.")).sorted().toList();
    if (!repairs.isEmpty()) {
      out().printf("%nrepair history%n");
      for (String k : repairs) {
        String at;
        try {
          at = Instant.ofEpochMilli(Long.parseLong(k.substring("repair.".length()))).toString();
        } catch (NumberFormatException e) {
          at = k;
        }
        out().printf("  %s  %s%n", at, attributes.get(k));
      }
    }
    if (svg != null) {
      out().printf("%ngap map written to %s%n", svg);
    }
    return ExitCodes.OK;
  }

  private String seamText(List<SeamedIndex.Seam> seams) {
    if (seams.isEmpty()) {
      return "none (one leg throughout)";
    }
    StringBuilder out = new StringBuilder().append(seams.size()).append(':');
    int shown = allGaps ? seams.size() : Math.min(GAPS_SHOWN, seams.size());
    for (int i = 0; i < shown; i++) {
      SeamedIndex.Seam seam = seams.get(i);
      out.append(' ').append(seam.position()).append(' ')
          .append(seam.fromLeg() < 0 ? "gap" : "leg " + seam.fromLeg()).append("->leg ").append(seam.toLeg());
    }
    if (shown < seams.size()) {
      out.append(" ... ").append(seams.size() - shown).append(" more (--all-gaps)");
    }
    return out.toString();
  }

  private String gapText(List<GapMap.Range> gaps) {
    if (gaps.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder(", gaps: ");
    int shown = allGaps ? gaps.size() : Math.min(GAPS_SHOWN, gaps.size());
    for (int i = 0; i < shown; i++) {
      GapMap.Range r = gaps.get(i);
      out.append(i == 0 ? "" : " ").append(r.first() == r.last() ? Long.toString(r.first()) : r.first() + "-" + r.last());
    }
    if (shown < gaps.size()) {
      out.append(" ... ").append(gaps.size() - shown).append(" more (--all-gaps)");
    }
    return out.toString();
  }
}
