package org.seamcache.storage;

import java.nio.file.Path;
import java.util.function.LongConsumer;

/**
 * Reads a whole queue and tallies it, checking every excerpt on the way. Used to rebuild the summary
 * of a recording whose writer died, and by {@code verify}. Stateless.
 *
 * @param tally what the sound excerpts add up to
 * @param corruptExcerpts excerpts that failed their checks (skipped)
 * @param damage the first problem found ("" if none)
 * @param unreadable reading stopped early (truncated or unmappable file)
 * @param lastIndex index of the last excerpt read (-1 if none)
 */
record RecordingScan(RecordingTally tally, long corruptExcerpts, String damage, boolean unreadable, long lastIndex) {

  private static final long ORDER_TOLERANCE_NANOS = 1_000_000_000L;

  boolean sound() {
    return damage.isEmpty();
  }

  /** Scans {@code queueDir}; {@code progress} receives the count of excerpts read so far now and then. */
  static RecordingScan of(Path queueDir, int trackCount, LongConsumer progress) {
    RecordingTally tally = new RecordingTally(trackCount);
    long corrupt = 0;
    long read = 0;
    long lastIndex = -1;
    java.util.Map<Long, long[]> lastArrivalByLeg = new java.util.HashMap<>();
    String damage = "";
    boolean unreadable = false;
    try (RecordingReader reader = RecordingReader.openQueueDir(queueDir)) {
      while (true) {
        try {
          if (!reader.next()) {
            break;
          }
        } catch (CorruptExcerptException e) {
          corrupt++;
          lastIndex = e.index().value();
          if (damage.isEmpty()) {
            damage = e.getMessage();
          }
          continue;
        }
        read++;
        lastIndex = reader.index().value();
        if ((read & 0xffff) == 0) {
          progress.accept(read);
        }
        int track = reader.track();
        if (track >= trackCount) {
          corrupt++;
          if (damage.isEmpty()) {
            damage = "excerpt " + reader.index() + " names track " + track + " of " + trackCount;
          }
          continue;
        }
        // One leg is received on one thread, so its arrival times only move forward; a step back of
        // more than a second means the excerpt is not what the writer wrote.
        long[] lastArrival = lastArrivalByLeg.computeIfAbsent(
            ((long) track << 32) | (reader.leg() & 0xffffffffL), k -> new long[] {Long.MIN_VALUE});
        if (lastArrival[0] != Long.MIN_VALUE
            && reader.arrivalNanos() < lastArrival[0] - ORDER_TOLERANCE_NANOS
            && damage.isEmpty()) {
          damage = "excerpt " + reader.index() + " of track " + track + " leg " + reader.leg()
              + " arrives before its predecessor on that leg (out of order)";
        }
        lastArrival[0] = Math.max(lastArrival[0], reader.arrivalNanos());
        if (reader.kind() == PacketKind.RTP) {
          tally.addRtp(track, reader.leg(), reader.arrivalNanos(), reader.extendedSeq(), reader.length());
        } else {
          tally.addRtcp(track, reader.arrivalNanos(), reader.length());
        }
      }
    } catch (StorageException e) {
      unreadable = true;
      damage = damage.isEmpty() ? e.getMessage() : damage;
    } catch (RuntimeException | InternalError e) {
      // A truncated memory-mapped file faults (InternalError) or Chronicle rejects its header.
      unreadable = true;
      if (damage.isEmpty()) {
        damage = "queue unreadable after " + read + " excerpts: " + e;
      }
    }
    progress.accept(read);
    return new RecordingScan(tally, corrupt, damage, unreadable, lastIndex);
  }
}
