package org.seamcache.storage;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets a content's seamed indexes: from their files when those are sound and belong to the run that
 * ended last, otherwise by seaming the queue again (and saying why in {@link SeamedIndex#origin()}).
 * Also runs the seaming of a finished run and writes the files. Stateless; confined to the calling
 * thread, which must not be an event loop (it reads the whole queue when it rebuilds).
 */
final class SeamedIndexStore {

  private static final Logger LOG = LoggerFactory.getLogger(SeamedIndexStore.class);

  private SeamedIndexStore() {}

  /** Seams the queue's tracks as {@code tally} describes them; writes nothing. */
  static Map<Integer, SeamedTrack> seam(ContentFiles files, ContentDescriptor content, RecordingTally tally) {
    int[] clocks = content.tracks().stream().mapToInt(TrackInfo::clockRateHz).toArray();
    return QueueSeaming.seam(files.queueDir(), clocks, tally);
  }

  /** Writes every seamed track's index file (replacing older ones). */
  static void writeAll(ContentFiles files, Map<Integer, SeamedTrack> seamed) {
    files.deleteSeamedIndexes();
    seamed.forEach((track, s) -> SeamedIndexFile.write(files.seamedIndex(track), s.index()));
  }

  /**
   * Track {@code track}'s index. A missing, damaged or stale file (built over another number of
   * excerpts than the last run ended with) is never used: the index is rebuilt from the queue and,
   * if {@code persist} and no live writer holds the content, its files are written anew.
   *
   * @param stored the content's final state, or null while recording or after a crash (then always rebuilt)
   */
  static SeamedIndex load(ContentFiles files, StoredDescriptor descriptor, StoredState stored, int track,
      boolean persist) {
    String why;
    if (stored == null) {
      if (WriterLock.probe(files.writerLock()) == WriterLock.Holder.LIVE) {
        SeamedIndex running = SeamedIndexJournal.read(files.seamedJournal(track));
        if (running != null) {
          return running; // what the running seam released so far; the final index comes at the run's end
        }
      }
      why = "the recording has not ended (no final state)";
    } else {
      try {
        SeamedIndex index = SeamedIndexFile.read(files.seamedIndex(track));
        if (index == null) {
          why = "its index file " + files.seamedIndex(track).getFileName() + " is missing";
        } else if (index.excerptsAtBuild() != stored.summary().excerpts()) {
          why = "its index file is stale (built over " + index.excerptsAtBuild() + " excerpts, the recording ended with "
              + stored.summary().excerpts() + ")";
        } else {
          return index;
        }
      } catch (SeamedIndexFile.Damaged e) {
        why = "its index file is damaged: " + e.getMessage();
      }
    }
    int trackCount = descriptor.content().tracks().size();
    RecordingTally tally = ContentLoader.scanIfPresent(files, trackCount).tally();
    Map<Integer, SeamedTrack> seamed = seam(files, descriptor.content(), tally);
    boolean live = WriterLock.probe(files.writerLock()) == WriterLock.Holder.LIVE;
    if (persist && stored != null && !live) {
      try {
        writeAll(files, seamed);
      } catch (RuntimeException e) {
        LOG.warn("content {}: cannot write the rebuilt seamed indexes: {}", files.id(), e.toString());
      }
    }
    return seamed.get(track).index().from("rebuilt from the queue: " + why);
  }
}
