package org.seamcache.storage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.seamcache.seamer.GapMap;
import org.seamcache.seamer.LegStatus;

/**
 * Contents of {@code summary.properties}: the state a recording run ended in, why, any damage found,
 * the totals, and the length of each queue file at that moment (a shorter file later means it was
 * truncated). Immutable.
 */
record StoredState(
    ContentState state,
    String stateDetail,
    StopReason stopReason,
    String stopDetail,
    String damage,
    long endedAtMillis,
    Map<String, Long> queueFiles,
    RecordingSummary summary) {

  StoredState {
    queueFiles = Map.copyOf(queueFiles);
    stopDetail = stopDetail == null ? "" : stopDetail;
    stateDetail = stateDetail == null ? "" : stateDetail;
    damage = damage == null ? "" : damage;
  }

  void writeTo(java.nio.file.Path file) {
    Properties p = new Properties();
    p.setProperty("state", state.label());
    p.setProperty("stateDetail", stateDetail);
    p.setProperty("stopReason", stopReason.name());
    p.setProperty("stopDetail", stopDetail);
    p.setProperty("damage", damage);
    p.setProperty("endedAtMillis", Long.toString(endedAtMillis));
    StringBuilder files = new StringBuilder();
    queueFiles.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> files.append(files.length() == 0 ? "" : ",").append(e.getKey()).append(':').append(e.getValue()));
    p.setProperty("queueFiles", files.toString());
    RecordingSummary s = summary;
    put(p, "excerpts", s.excerpts());
    put(p, "packets", s.packets());
    put(p, "bytes", s.bytes());
    put(p, "rtcpPackets", s.rtcpPackets());
    put(p, "storedBytes", s.storedBytes());
    put(p, "firstArrivalNanos", s.firstArrivalNanos());
    put(p, "lastArrivalNanos", s.lastArrivalNanos());
    put(p, "tracks", s.tracks().size());
    for (TrackSummary t : s.tracks()) {
      String k = "track." + t.track() + ".";
      put(p, k + "packets", t.packets());
      put(p, k + "bytes", t.bytes());
      put(p, k + "rtcpPackets", t.rtcpPackets());
      put(p, k + "referenceLeg", t.referenceLeg());
      put(p, k + "received", t.received());
      put(p, k + "firstSeq", t.firstSeq());
      put(p, k + "lastSeq", t.lastSeq());
      p.setProperty(k + "gaps", formatRanges(t.gaps()));
      put(p, k + "spanTicks", t.spanTicks());
      put(p, k + "legs", t.legs().size());
      for (int i = 0; i < t.legs().size(); i++) {
        LegAlignment a = t.legs().get(i);
        String lk = k + "leg." + i + ".";
        put(p, lk + "leg", a.leg());
        p.setProperty(lk + "status", a.status().name());
        p.setProperty(lk + "reason", a.reason());
        put(p, lk + "seqOffset", a.seqOffset());
        put(p, lk + "timestampOffset", a.timestampOffset());
        put(p, lk + "contributed", a.contributed());
        put(p, lk + "divergences", a.divergences());
      }
    }
    put(p, "legs", s.legs().size());
    for (int i = 0; i < s.legs().size(); i++) {
      LegSummary l = s.legs().get(i);
      String k = "leg." + i + ".";
      put(p, k + "track", l.track());
      put(p, k + "leg", l.leg());
      put(p, k + "packets", l.packets());
      put(p, k + "bytes", l.bytes());
      put(p, k + "received", l.received());
      put(p, k + "firstSeq", l.firstSeq());
      put(p, k + "lastSeq", l.lastSeq());
      p.setProperty(k + "gaps", formatRanges(l.gaps()));
    }
    PropertiesFile.write(file, p);
  }

  /** Reads the file, or null if absent. Throws {@link StorageException} if it is malformed. */
  static StoredState readFrom(java.nio.file.Path file) {
    Properties p = PropertiesFile.readIfExists(file);
    if (p == null) {
      return null;
    }
    try {
      Map<String, Long> files = new LinkedHashMap<>();
      for (String entry : split(p.getProperty("queueFiles", ""))) {
        int colon = entry.lastIndexOf(':');
        files.put(entry.substring(0, colon), Long.parseLong(entry.substring(colon + 1)));
      }
      List<TrackSummary> tracks = new ArrayList<>();
      for (int t = 0; t < (int) get(p, "tracks"); t++) {
        String k = "track." + t + ".";
        List<LegAlignment> legAccounts = p.getProperty(k + "legs") != null ? readLegs(p, k) : olderLegs(p, k);
        tracks.add(new TrackSummary(
            t,
            get(p, k + "packets"),
            get(p, k + "bytes"),
            get(p, k + "rtcpPackets"),
            (int) get(p, k + "referenceLeg"),
            legAccounts,
            get(p, k + "received"),
            get(p, k + "firstSeq"),
            get(p, k + "lastSeq"),
            parseRanges(p.getProperty(k + "gaps", "")),
            Long.parseLong(p.getProperty(k + "spanTicks", "0"))));
      }
      List<LegSummary> legs = new ArrayList<>();
      for (int i = 0; i < (int) get(p, "legs"); i++) {
        String k = "leg." + i + ".";
        legs.add(new LegSummary(
            (int) get(p, k + "track"),
            (int) get(p, k + "leg"),
            get(p, k + "packets"),
            get(p, k + "bytes"),
            get(p, k + "received"),
            get(p, k + "firstSeq"),
            get(p, k + "lastSeq"),
            parseRanges(p.getProperty(k + "gaps", ""))));
      }
      RecordingSummary summary = new RecordingSummary(
          get(p, "excerpts"),
          get(p, "packets"),
          get(p, "bytes"),
          get(p, "rtcpPackets"),
          get(p, "storedBytes"),
          get(p, "firstArrivalNanos"),
          get(p, "lastArrivalNanos"),
          tracks,
          legs);
      return new StoredState(
          ContentState.ofLabel(p.getProperty("state")),
          p.getProperty("stateDetail", ""),
          StopReason.valueOf(p.getProperty("stopReason")),
          p.getProperty("stopDetail", ""),
          p.getProperty("damage", ""),
          get(p, "endedAtMillis"),
          files,
          summary);
    } catch (RuntimeException e) {
      throw new StorageException(file + " is malformed: " + e, e);
    }
  }

  private static List<LegAlignment> readLegs(Properties p, String k) {
    List<LegAlignment> out = new ArrayList<>();
    for (int i = 0; i < (int) get(p, k + "legs"); i++) {
      String lk = k + "leg." + i + ".";
      out.add(new LegAlignment((int) get(p, lk + "leg"), LegStatus.valueOf(p.getProperty(lk + "status")),
          p.getProperty(lk + "reason", ""), get(p, lk + "seqOffset"), get(p, lk + "timestampOffset"),
          get(p, lk + "contributed"), get(p, lk + "divergences")));
    }
    return out;
  }

  /** Summaries of earlier builds list aligned legs with offsets and unaligned ones; contributions unknown (-1). */
  private static List<LegAlignment> olderLegs(Properties p, String k) {
    List<LegAlignment> out = new ArrayList<>();
    long reference = get(p, k + "referenceLeg");
    if (reference >= 0) {
      out.add(new LegAlignment((int) reference, LegStatus.REFERENCE, "reference (older summary)", 0, 0, -1, 0));
    }
    for (String entry : split(p.getProperty(k + "alignedLegs", ""))) {
      String[] parts = entry.split(":");
      out.add(new LegAlignment(Integer.parseInt(parts[0]), LegStatus.ALIGNED, "aligned by an older rule",
          Long.parseLong(parts[1]), Long.parseLong(parts[2]), -1, 0));
    }
    for (String entry : split(p.getProperty(k + "unalignedLegs", ""))) {
      out.add(new LegAlignment(Integer.parseInt(entry), LegStatus.NOT_ALIGNABLE, "not aligned by an older rule", 0, 0, 0, 0));
    }
    return out;
  }

  static String formatRanges(List<GapMap.Range> ranges) {
    StringBuilder out = new StringBuilder();
    for (GapMap.Range r : ranges) {
      out.append(out.length() == 0 ? "" : ",").append(r.first()).append('-').append(r.last());
    }
    return out.toString();
  }

  static List<GapMap.Range> parseRanges(String text) {
    List<GapMap.Range> out = new ArrayList<>();
    for (String entry : split(text)) {
      // Positions may be negative (offsets); the separator is the '-' after the first character.
      int dash = entry.indexOf('-', 1);
      out.add(new GapMap.Range(Long.parseLong(entry.substring(0, dash)), Long.parseLong(entry.substring(dash + 1))));
    }
    return out;
  }

  private static List<String> split(String text) {
    return text.isEmpty() ? List.of() : List.of(text.split(","));
  }

  private static void put(Properties p, String key, long value) {
    p.setProperty(key, Long.toString(value));
  }

  private static long get(Properties p, String key) {
    String v = p.getProperty(key);
    if (v == null) {
      throw new IllegalArgumentException("missing key " + key);
    }
    return Long.parseLong(v);
  }
}
