package org.seamcache.storage;

import java.util.HashMap;
import java.util.Map;
import org.seamcache.seamer.SeamSink;
import org.seamcache.seamer.Seamer;
import org.seamcache.seamer.SeamerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seam of a run while it is written: every appended RTP excerpt goes through a live
 * {@link Seamer} per track (the seamer's one rule, in memory bounded by its window), and what it
 * releases is appended to that track's {@link SeamedIndexJournal}. The final index is still the
 * offline seam of the whole queue at the run's end (it can align legs the live window could not);
 * this one lets a reader behind the writer find positions without scanning the queue.
 *
 * <p>Confined to the recording's writer thread. A journal that cannot be written is given up (one
 * log line); recording goes on.
 */
final class LiveQueueSeam implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LiveQueueSeam.class);
  /** Generous: no viewer waits on it, and a late copy placed here saves a reader a gap. */
  static final long WINDOW_MILLIS = 2_000;

  private final ContentFiles files;
  private final int[] clockRates;
  private final TrackSeam[] tracks;
  private boolean failed;

  LiveQueueSeam(ContentFiles files, int[] clockRates) {
    this.files = files;
    this.clockRates = clockRates.clone();
    this.tracks = new TrackSeam[clockRates.length];
  }

  /** One appended excerpt; RTCP and tracks out of range are ignored. */
  void appended(PendingPacket p, long excerpt) {
    if (failed || p.kind() != PacketKind.RTP || p.track() < 0 || p.track() >= tracks.length) {
      return;
    }
    try {
      TrackSeam t = tracks[p.track()];
      if (t == null) {
        t = tracks[p.track()] = new TrackSeam(p.track(), Math.max(1, clockRates[p.track()]), p.leg());
      }
      t.offer(p, excerpt);
    } catch (RuntimeException e) {
      giveUp(e);
    }
  }

  /** Writes what was released since the last call. */
  void flush() {
    if (failed) {
      return;
    }
    try {
      for (TrackSeam t : tracks) {
        if (t != null) {
          t.journal.flush();
        }
      }
    } catch (RuntimeException e) {
      giveUp(e);
    }
  }

  /** Releases what is left and closes the journals (the run's final index replaces them). */
  @Override
  public void close() {
    for (TrackSeam t : tracks) {
      if (t != null) {
        try {
          if (!failed) {
            t.seamer.finish();
          }
        } catch (RuntimeException e) {
          giveUp(e);
        } finally {
          t.journal.close();
        }
      }
    }
  }

  private void giveUp(RuntimeException e) {
    if (!failed) {
      failed = true;
      LOG.warn("content {}: the running seamed index is given up ({}); readers seam the queue instead", files.id(), e.toString());
    }
  }

  /** One track: its seamer, its legs in the order they appeared (the first is the reference), its journal. */
  private final class TrackSeam implements SeamSink {
    final Seamer seamer;
    final SeamedIndexJournal journal;
    final Map<Integer, Integer> seamerLeg = new HashMap<>();
    final Map<Integer, Integer> storedLeg = new HashMap<>();

    TrackSeam(int track, int clockRate, int referenceLeg) {
      this.seamer = new Seamer(SeamerConfig.live(clockRate, WINDOW_MILLIS), this);
      this.journal = SeamedIndexJournal.create(files.seamedJournal(track), track, referenceLeg);
    }

    void offer(PendingPacket p, long excerpt) {
      Integer leg = seamerLeg.get(p.leg());
      if (leg == null) {
        leg = seamer.addLeg();
        seamerLeg.put(p.leg(), leg);
        storedLeg.put(leg, p.leg());
      }
      long arrival = p.arrivalNanos();
      seamer.offerExtended(leg, p.extendedSeq(), p.extendedTimestamp(), p.resynced(), p.payloadHash(), excerpt, arrival);
      seamer.release(arrival);
    }

    @Override
    public void emit(long position, long timestamp, int leg, long reference) {
      journal.append(position, reference, timestamp, storedLeg.get(leg));
    }
  }
}
