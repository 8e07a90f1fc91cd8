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
      this.appender = new PacketAppender(appender, new RecordingTally(trackCount));
    }

    public void appendRtp(int track, int leg, long arrivalNanos, long seq, long timestamp, long hash, byte[] packet) {
      appender.append(new PendingPacket(PacketKind.RTP, track, leg, arrivalNanos, seq, timestamp, false, 96, hash, packet));
    }
  }

  public static SingleChronicleQueue queueForWriting(Path dir) {
    return QueueOpener.forWriting(dir, StorageConfig.defaults(dir));
  }

  public static RecordingReader reader(Path queueDir) {
    return RecordingReader.openQueueDir(queueDir);
  }
}
