package org.seamcache.storage;

import java.nio.file.Path;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;

/**
 * Lets the JMH benchmarks (package {@code bench}) drive the package-private record path without
 * making it public API. Test code only.
 */
public final class BenchAccess {

  private BenchAccess() {}

  /** The writer thread's per-packet work over {@code appender}: encode, checksum, append, count. */
  public static final class RecordPath {
    private final PacketAppender appender;

    public RecordPath(ExcerptAppender appender, int trackCount) {
      this.appender = new PacketAppender(appender, new RecordingTally(trackCount), new SpaceReservation());
    }

    public void appendRtp(int track, int leg, long arrivalNanos, long seq, long timestamp, long hash, byte[] packet) {
      appender.append(new PendingPacket(PacketKind.RTP, track, leg, arrivalNanos, seq, timestamp, false, false, 96, hash, packet));
    }
  }

  /**
   * A recording with no writer thread: the benchmark empties its hand-off itself, so only the relay
   * side of {@link Recording#offerRtp} is measured.
   */
  public static final class HandOffOnly {
    public final Recording recording;

    public HandOffOnly(Path dir) {
      recording = new Recording("bench", 1, 0, StorageConfig.defaults(dir), true);
    }

    /** Takes everything offered so far, as the writer would (without appending it). */
    public int drain() {
      int n = 0;
      for (Object item; (item = recording.handoff().poll()) != null; ) {
        if (item instanceof PendingPacket p) {
          recording.taken(p);
          n++;
        }
      }
      return n;
    }
  }

  public static SingleChronicleQueue queueForWriting(Path dir) {
    return QueueOpener.forWriting(dir, StorageConfig.defaults(dir));
  }

  public static RecordingReader reader(Path queueDir) {
    return RecordingReader.openQueueDir(queueDir);
  }
}
