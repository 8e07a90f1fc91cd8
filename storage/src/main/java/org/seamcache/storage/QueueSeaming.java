package org.seamcache.storage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.seamcache.seamer.GapMap;
import org.seamcache.seamer.LegReport;
import org.seamcache.seamer.LegStatus;
import org.seamcache.seamer.SeamSink;
import org.seamcache.seamer.Seamer;
import org.seamcache.seamer.SeamerConfig;

/**
 * Seams a content's queue with the seamer's rule: one offline {@link Seamer} per track, every RTP
 * excerpt of every leg offered in queue (arrival) order with its excerpt index as the reference,
 * the leg with the lowest id as the reference leg. The seamer takes the stored extended numbers
 * as they are (the leg extended them once, on receipt, and flagged where its numbering jumped), so
 * positions are in the reference leg's stored numbering. One sequential pass; memory grows with the packets of the recording (the offline seamer
 * keeps them all until {@code finish}). Stateless; each call is confined to its thread.
 */
final class QueueSeaming {

  private QueueSeaming() {}

  /**
   * @param clockRates RTP clock per track (from the descriptor)
   * @param tally what the queue holds (its legs per track decide the reference and the leg order)
   */
  static Map<Integer, SeamedTrack> seam(Path queueDir, int[] clockRates, RecordingTally tally) {
    int tracks = clockRates.length;
    TrackRun[] runs = new TrackRun[tracks];
    for (int t = 0; t < tracks; t++) {
      List<LegTally> legs = tally.legsById(t);
      if (!legs.isEmpty()) {
        runs[t] = new TrackRun(t, Math.max(1, clockRates[t]), legs.stream().mapToInt(l -> l.leg).toArray());
      }
    }
    long excerpts = 0;
    try (RecordingReader reader = RecordingReader.openQueueDir(queueDir)) {
      while (true) {
        try {
          if (!reader.next()) {
            break;
          }
        } catch (CorruptExcerptException e) {
          continue; // never offered: a sound copy from another leg may stand in
        }
        int track = reader.track();
        if (track >= tracks) {
          continue;
        }
        excerpts++;
        if (reader.kind() == PacketKind.RTP && runs[track] != null) {
          runs[track].offer(reader);
        }
      }
    } catch (RuntimeException | InternalError e) {
      // a truncated or unmappable file: seam what could be read (the content is damaged anyway)
    }
    Map<Integer, SeamedTrack> out = new HashMap<>();
    for (int t = 0; t < tracks; t++) {
      out.put(t, runs[t] != null ? runs[t].finish(excerpts)
          : new SeamedTrack(new SeamedIndex(t, -1, excerpts, new long[0], new long[0], new long[0], new int[0], List.of(),
              "seamed from the queue"), List.of(), 0));
    }
    return out;
  }

  /** One track's seamer and what it emits. */
  private static final class TrackRun implements SeamSink {
    final int track;
    final int[] legIds;
    final Map<Integer, Integer> seamerLeg = new HashMap<>();
    final Seamer seamer;
    final SeamedIndexFile.LongColumn positions = new SeamedIndexFile.LongColumn();
    final SeamedIndexFile.LongColumn refs = new SeamedIndexFile.LongColumn();
    final SeamedIndexFile.LongColumn timestamps = new SeamedIndexFile.LongColumn();
    final SeamedIndexFile.LongColumn legs = new SeamedIndexFile.LongColumn();

    TrackRun(int track, int clockRate, int[] legIds) {
      this.track = track;
      this.legIds = legIds;
      this.seamer = new Seamer(SeamerConfig.offline(clockRate), this);
      for (int id : legIds) {
        seamerLeg.put(id, seamer.addLeg()); // ascending ids: the lowest is the reference
      }
    }

    void offer(RecordingReader r) {
      Integer leg = seamerLeg.get(r.leg());
      if (leg == null) {
        return;
      }
      // The leg extended these numbers once, on receipt; the seam takes them as stored.
      seamer.offerExtended(leg, r.extendedSeq(), r.extendedTimestamp(), r.resynced(), r.payloadHash(), r.index().value(),
          r.arrivalNanos());
    }

    @Override
    public void emit(long position, long timestamp, int leg, long reference) {
      positions.add(position);
      refs.add(reference);
      timestamps.add(timestamp);
      legs.add(legIds[leg]);
    }

    SeamedTrack finish(long excerpts) {
      seamer.finish();
      long[] pos = positions.toArray();
      List<GapMap.Range> gaps = new ArrayList<>();
      for (int i = 1; i < pos.length; i++) {
        if (pos[i] > pos[i - 1] + 1) {
          gaps.add(new GapMap.Range(pos[i - 1] + 1, pos[i] - 1));
        }
      }
      long[] ts = timestamps.toArray();
      int[] legColumn = new int[legs.size];
      for (int i = 0; i < legs.size; i++) {
        legColumn[i] = (int) legs.values[i];
      }
      SeamedIndex index = new SeamedIndex(track, legIds[0], excerpts, pos, refs.toArray(), ts, legColumn, gaps,
          "seamed from the queue");
      List<LegAlignment> legReports = new ArrayList<>();
      for (int i = 0; i < legIds.length; i++) {
        LegReport r = seamer.legReport(i);
        boolean placed = r.aligned();
        LegStatus status = r.status() == LegStatus.ALIGNING ? LegStatus.NOT_ALIGNABLE : r.status();
        long seqOffset = placed ? r.seqOffset() : 0;
        long tsOffset = placed ? r.tsOffset() : 0;
        legReports.add(new LegAlignment(legIds[i], status, r.reason(), seqOffset, tsOffset, r.contributed(),
            r.divergences()));
      }
      long min = Long.MAX_VALUE;
      long max = Long.MIN_VALUE;
      for (long t : ts) { // min and max, not first and last: B-frames send timestamps out of order
        min = Math.min(min, t);
        max = Math.max(max, t);
      }
      long span = ts.length < 2 ? 0 : max - min;
      return new SeamedTrack(index, legReports, span);
    }
  }
}
