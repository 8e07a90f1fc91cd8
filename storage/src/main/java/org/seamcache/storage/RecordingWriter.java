package org.seamcache.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer thread of one {@link Recording}: drains the hand-off, appends each packet as one
 * excerpt, watches free space and the disk budget, and on stop closes the queue, writes the final
 * state and releases the writer lock. Runs on its own thread only.
 */
final class RecordingWriter implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(RecordingWriter.class);
  /** Free space and budget are checked after this many bytes... */
  private static final long CHECK_EVERY_BYTES = 4L << 20;
  /** ...or this much time, whichever comes first. */
  private static final long CHECK_EVERY_NANOS = 1_000_000_000L;
  private static final long PUBLISH_EVERY_NANOS = 500_000_000L;

  private final Recording recording;
  private final ContentFiles files;
  private final StorageConfig config;
  private final RecordingHost host;
  private final WriterLock lock;
  private final RecordingTally tally;
  private final boolean appendsToEarlierRun;
  /** The first run's seam as it is written (a later run's positions would need the earlier runs' index). */
  private LiveQueueSeam liveSeam;
  private final List<Object> batch = new ArrayList<>(256);
  private final long checkEveryBytes;
  private long bytesSinceCheck;
  private long lastCheckNanos;
  private long lastPublishNanos;

  RecordingWriter(
      Recording recording,
      ContentFiles files,
      StorageConfig config,
      RecordingHost host,
      WriterLock lock,
      int trackCount,
      boolean appendsToEarlierRun) {
    this.recording = recording;
    this.files = files;
    this.config = config;
    this.host = host;
    this.lock = lock;
    this.tally = new RecordingTally(trackCount);
    this.appendsToEarlierRun = appendsToEarlierRun;
    // A small budget is checked more often, so it is not overrun by much.
    this.checkEveryBytes = config.maxDiskBytes() == 0
        ? CHECK_EVERY_BYTES
        : Math.min(CHECK_EVERY_BYTES, Math.max(64L << 10, config.maxDiskBytes() / 64));
  }

  @Override
  public void run() {
    SingleChronicleQueue queue = null;
    boolean failed = false;
    try (SpaceReservation reservation = new SpaceReservation()) {
      java.nio.file.Files.createDirectories(files.queueDir());
      reservation.prepare(files.queueDir().resolve(SingleChronicleQueue.QUEUE_METADATA_FILE), SpaceReservation.METADATA_BYTES);
      queue = QueueOpener.forWriting(files.queueDir(), config);
      reservation.watch(queue);
      try (ExcerptAppender appender = queue.createAppender()) {
        lastCheckNanos = System.nanoTime();
        checkLimits();
        if (!appendsToEarlierRun) {
          ContentDescriptor content = StoredDescriptor.readFrom(files.descriptor()).content();
          liveSeam = new LiveQueueSeam(files, content.tracks().stream().mapToInt(TrackInfo::clockRateHz).toArray());
        }
        drain(new PacketAppender(appender, tally, reservation));
      }
    } catch (SpaceReservation.DiskFullException e) {
      recording.requestStop(StopReason.DISK_LOW, "the data directory's file system is full: " + e.getMessage());
    } catch (Throwable t) {
      failed = true;
      recording.requestStop(StopReason.IO_ERROR, "append failed: " + t);
    } finally {
      closeQuietly(queue);
      end(failed);
    }
  }

  private void drain(PacketAppender appender) throws InterruptedException {
    while (true) {
      Object first = recording.handoff().poll(100, TimeUnit.MILLISECONDS);
      if (first == null || first == Recording.WAKE) {
        if (recording.stopRequest() != null && recording.handoff().isEmpty()) {
          return;
        }
        publishMaybe();
        continue;
      }
      batch.add(first);
      recording.handoff().drainTo(batch, 255);
      for (Object item : batch) {
        if (item instanceof PendingPacket p) {
          recording.taken(p);
          append(appender, p);
        }
      }
      batch.clear();
      if ((bytesSinceCheck >= checkEveryBytes || System.nanoTime() - lastCheckNanos >= CHECK_EVERY_NANOS)) {
        checkLimits();
      }
      publishMaybe();
    }
  }

  private void append(PacketAppender appender, PendingPacket p) {
    long excerpt = appender.append(p);
    if (liveSeam != null) {
      liveSeam.appended(p, excerpt);
    }
    recording.recordedPackets++;
    recording.recordedBytes += p.bytes().length;
    recording.storedBytes = tally.storedBytes();
    bytesSinceCheck += ExcerptCodec.storedSize(p.bytes().length);
  }

  /** False (and a stop requested) if free space or the budget says stop. */
  private boolean checkLimits() {
    bytesSinceCheck = 0;
    lastCheckNanos = System.nanoTime();
    try {
      long usable = config.freeSpaceProbe().usableBytes(files.queueDir());
      if (usable < config.minFreeDiskBytes()) {
        recording.requestStop(
            StopReason.DISK_LOW,
            "only " + usable + " bytes usable on the data directory's file system, below the "
                + config.minFreeDiskBytes() + "-byte floor");
        return false;
      }
    } catch (java.io.IOException e) {
      recording.requestStop(StopReason.IO_ERROR, "cannot measure free space: " + e);
      return false;
    }
    if (!host.makeRoom(recording.id(), tally.storedBytes())) {
      recording.requestStop(
          StopReason.DISK_BUDGET,
          "disk budget of " + config.maxDiskBytes() + " bytes reached and nothing else can be evicted");
      return false;
    }
    return true;
  }

  private void publishMaybe() {
    long now = System.nanoTime();
    if (now - lastPublishNanos >= PUBLISH_EVERY_NANOS) {
      lastPublishNanos = now;
      recording.liveSummary = tally.summary(Map.of());
      if (liveSeam != null) {
        liveSeam.flush();
      }
    }
  }

  private void end(boolean failed) {
    long leftOver = 0;
    for (Object item; (item = recording.handoff().poll()) != null; ) {
      if (item instanceof PendingPacket p) {
        recording.taken(p);
        leftOver++;
      }
    }
    recording.discarded(leftOver);
    if (liveSeam != null) {
      try {
        liveSeam.close();
      } catch (RuntimeException e) {
        LOG.warn("recording {}: cannot close its running seamed index: {}", recording.id(), e.toString());
      }
    }
    try {
      ContentDescriptor content = StoredDescriptor.readFrom(files.descriptor()).content();
      RecordingTally source = tally;
      String damage = "";
      if (appendsToEarlierRun) {
        RecordingScan scan = RecordingScan.of(files.queueDir(), tally.trackCount(), n -> {});
        damage = scan.damage();
        source = scan.tally();
      }
      Map<Integer, SeamedTrack> seamed = seamQuietly(content, source);
      RecordingSummary summary = source.summary(seamed);
      Recording.Stop stop = recording.stopRequest();
      StopReason reason = stop == null ? StopReason.IO_ERROR : stop.reason();
      StateRule.Verdict verdict = StateRule.decide(failed ? StopReason.IO_ERROR : reason,
          recording.completeRequested(), damage, summary, content);
      // The index before the final state: a crash between the two leaves no final state, so the
      // run is recovered. An index that cannot be written is rebuilt by its next reader.
      try {
        SeamedIndexStore.writeAll(files, seamed);
      } catch (RuntimeException e) {
        LOG.warn("recording {}: cannot write its seamed indexes: {}", recording.id(), e.toString());
      }
      StateBallast.release(files.dir()); // its space is for this state, on a disk the run may have filled
      new StoredState(
              verdict.state(),
              verdict.detail(),
              reason,
              stop == null ? "" : stop.detail(),
              damage,
              config.clock().millis(),
              files.queueFileSizes(),
              summary)
          .writeTo(files.summary());
      recording.liveSummary = summary;
    } catch (RuntimeException | Error e) {
      // Without a summary the next open scans the queue and marks the content incomplete.
      LOG.warn("recording {}: cannot write its final state: {}", recording.id(), e.toString());
    } finally {
      StateBallast.release(files.dir());
      try {
        lock.close();
      } catch (RuntimeException e) {
        LOG.warn("recording {}: cannot release the writer lock: {}", recording.id(), e.toString());
      }
      host.ended(recording);
      recording.markFinished();
    }
  }

  private Map<Integer, SeamedTrack> seamQuietly(ContentDescriptor content, RecordingTally source) {
    long started = System.nanoTime();
    try {
      Map<Integer, SeamedTrack> seamed = SeamedIndexStore.seam(files, content, source);
      LOG.debug("recording {}: seamed {} packets in {} ms", recording.id(), source.summary(Map.of()).packets(),
          (System.nanoTime() - started) / 1_000_000);
      return seamed;
    } catch (RuntimeException | OutOfMemoryError e) {
      // The final state is still written (tracks then show their reference leg only); the index is
      // rebuilt by the next reader.
      LOG.warn("recording {}: cannot seam its legs: {}", recording.id(), e.toString());
      return Map.of();
    }
  }

  private static void closeQuietly(SingleChronicleQueue queue) {
    if (queue != null) {
      try {
        queue.close();
      } catch (RuntimeException e) {
        LOG.warn("cannot close queue {}: {}", queue.file(), e.toString());
      }
    }
  }
}
