package org.seamcache.cli;

import java.util.List;
import java.util.Map;
import org.seamcache.seamer.GapMap;
import org.seamcache.storage.ContentInfo;
import org.seamcache.storage.LegAlignment;
import org.seamcache.storage.LegSummary;
import org.seamcache.storage.SeamedIndex;
import org.seamcache.storage.TrackInfo;
import org.seamcache.storage.TrackSummary;

/** The JSON shape of a content, shared by {@code ls --json} and {@code inspect --json}. Stateless. */
final class ContentJson {

  private ContentJson() {}

  /** The fields {@code ls --json} prints (a stable subset). */
  static void summary(JsonWriter json, ContentInfo c) {
    json.field("id", c.id())
        .field("url", c.originUrl())
        .field("state", c.state().label())
        .field("stateDetail", c.stateDetail())
        .field("damaged", c.damaged())
        .field("damage", c.damage())
        .field("stopReason", c.stopReason() == null ? null : c.stopReason().name().toLowerCase(java.util.Locale.ROOT))
        .field("writerPid", c.writerPid())
        .field("durationSeconds", c.durationNanos() / 1e9)
        .field("packets", c.packets())
        .field("bytes", c.bytes())
        .field("rtcpPackets", c.rtcpPackets())
        .field("storedBytes", c.storedBytes())
        .field("missing", c.missing())
        .field("lossRatio", c.lossRatio())
        .field("firstArrivalNanos", c.firstArrivalNanos())
        .field("lastArrivalNanos", c.lastArrivalNanos())
        .field("createdAtMillis", c.createdAtMillis())
        .field("lastAccessMillis", c.lastAccessMillis());
  }

  /**
   * Everything: the summary plus tracks (each with what the seamer made of its legs, and, from its
   * seamed index, the positions each leg filled and the seams), legs and gap ranges.
   */
  static void full(JsonWriter json, ContentInfo c, Map<Integer, SeamedIndex> indexes) {
    summary(json, c);
    json.field("stopDetail", c.stopDetail()).field("sdp", c.sdp());
    json.name("tracks").beginArray();
    for (TrackInfo t : c.tracks()) {
      TrackSummary s = c.trackSummaries().get(t.index());
      json.beginObject()
          .field("index", t.index())
          .field("control", t.control())
          .field("mediaType", t.mediaType())
          .field("payloadType", t.payloadType())
          .field("encodingName", t.encodingName())
          .field("clockRateHz", t.clockRateHz())
          .field("packets", s.packets())
          .field("bytes", s.bytes())
          .field("rtcpPackets", s.rtcpPackets())
          .field("referenceLeg", s.referenceLeg())
          .field("firstSeq", s.firstSeq())
          .field("lastSeq", s.lastSeq())
          .field("received", s.received())
          .field("missing", s.missing());
      json.name("alignedLegs").beginArray();
      for (TrackSummary.LegOffset o : s.alignedLegs()) {
        json.beginObject().field("leg", o.leg()).field("seqOffset", o.seqOffset())
            .field("timestampOffset", o.timestampOffset()).endObject();
      }
      json.endArray();
      json.name("unalignedLegs").beginArray();
      s.unalignedLegs().forEach(leg -> json.value((long) leg));
      json.endArray();
      SeamedIndex index = indexes.get(t.index());
      Map<Integer, Long> filled = index.contributions();
      json.name("legAlignment").beginArray();
      for (LegAlignment a : s.legs()) {
        json.beginObject().field("leg", a.leg()).field("status", a.status().name().toLowerCase(java.util.Locale.ROOT))
            .field("reason", a.reason()).field("seqOffset", a.seqOffset()).field("timestampOffset", a.timestampOffset())
            .field("filled", filled.getOrDefault(a.leg(), 0L)).field("divergences", a.divergences()).endObject();
      }
      json.endArray();
      json.field("indexRebuilt", index.rebuilt()).field("index", index.origin());
      json.name("seams").beginArray();
      for (SeamedIndex.Seam seam : index.seams()) {
        json.beginObject().field("position", seam.position()).field("fromLeg", seam.fromLeg())
            .field("toLeg", seam.toLeg()).endObject();
      }
      json.endArray();
      ranges(json, "gaps", s.gaps());
      json.endObject();
    }
    json.endArray();
    json.name("legs").beginArray();
    for (LegSummary l : c.legSummaries()) {
      json.beginObject()
          .field("track", l.track())
          .field("leg", l.leg())
          .field("packets", l.packets())
          .field("bytes", l.bytes())
          .field("firstSeq", l.firstSeq())
          .field("lastSeq", l.lastSeq())
          .field("received", l.received())
          .field("expected", l.expected())
          .field("missing", l.missing())
          .field("lossRatio", l.lossRatio());
      ranges(json, "gaps", l.gaps());
      json.endObject();
    }
    json.endArray();
  }

  private static void ranges(JsonWriter json, String name, List<GapMap.Range> ranges) {
    json.name(name).beginArray();
    for (GapMap.Range r : ranges) {
      json.beginArray().value(r.first()).value(r.last()).endArray();
    }
    json.endArray();
  }
}
