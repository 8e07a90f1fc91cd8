package org.seamcache.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.Map;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;

/**
 * Builds a {@link ContentInfo} from what is on disk, without writing anything: descriptor, final
 * state, the writer lock (is a live process still writing?) and quick checks of the queue files.
 * A recording whose writer died is reported {@code incomplete} with totals scanned from its queue.
 * Stateless.
 */
final class ContentLoader {

  private ContentLoader() {}

  static ContentInfo load(DataLayout layout, String id) {
    ContentFiles files = layout.content(id);
    if (!files.exists()) {
      throw new UnknownContentException(id);
    }
    StoredDescriptor descriptor = StoredDescriptor.readFrom(files.descriptor());
    int trackCount = descriptor.content().tracks().size();
    long lastAccess = lastAccessMillis(files, descriptor);
    if (WriterLock.probe(files.writerLock()) == WriterLock.Holder.LIVE) {
      RecordingScan scan = scanIfPresent(files, trackCount);
      return ContentInfo.of(
          descriptor, ContentState.RECORDING, "", null, "", scan.damage(),
          WriterLock.readPid(files.writerLock()), lastAccess, scan.tally().summary(Map.of()));
    }
    StoredState stored;
    try {
      stored = StoredState.readFrom(files.summary());
    } catch (StorageException e) {
      stored = null;
    }
    if (stored == null) {
      RecordingScan scan = scanIfPresent(files, trackCount);
      return ContentInfo.of(
          descriptor, ContentState.INCOMPLETE, "the writer died", StopReason.WRITER_DIED,
          "the writer (pid " + WriterLock.readPid(files.writerLock()) + ") stopped without closing the recording",
          scan.damage(), "", lastAccess,
          scan.tally().summary(SeamedIndexStore.seam(files, descriptor.content(), scan.tally())));
    }
    String damage = stored.damage().isEmpty() ? quickCheck(files, stored) : stored.damage();
    ContentState state = damage.isEmpty() ? stored.state() : ContentState.INCOMPLETE;
    String detail = damage.isEmpty() ? stored.stateDetail() : "damaged files";
    return ContentInfo.of(
        descriptor, state, detail, stored.stopReason(), stored.stopDetail(), damage, "", lastAccess, stored.summary());
  }

  static RecordingScan scanIfPresent(ContentFiles files, int trackCount) {
    if (!Files.isDirectory(files.queueDir())) {
      return new RecordingScan(new RecordingTally(trackCount), 0, "", false, -1);
    }
    return RecordingScan.of(files.queueDir(), trackCount, n -> {});
  }

  /**
   * Cheap checks that catch truncated or missing queue files and a queue whose index disagrees with
   * the excerpt count at the end of recording. Returns "" if they pass. Only {@code verify} checks
   * every excerpt's checksum.
   */
  static String quickCheck(ContentFiles files, StoredState stored) {
    Map<String, Long> now = files.queueFileSizes();
    for (Map.Entry<String, Long> e : stored.queueFiles().entrySet()) {
      Long size = now.get(e.getKey());
      if (size == null) {
        return "queue file " + e.getKey() + " is missing";
      }
      if (size < e.getValue()) {
        return "queue file " + e.getKey() + " is " + size + " bytes, was " + e.getValue()
            + " when the recording ended (truncated)";
      }
    }
    if (stored.summary().excerpts() == 0) {
      return "";
    }
    try (SingleChronicleQueue queue = QueueOpener.forReading(files.queueDir())) {
      long first = queue.firstIndex();
      long last = queue.lastIndex();
      long count = last < first ? 0 : queue.countExcerpts(first, last) + 1;
      if (count != stored.summary().excerpts()) {
        return "queue index counts " + count + " excerpts, the recording ended with " + stored.summary().excerpts();
      }
    } catch (RuntimeException | InternalError e) {
      return "queue unreadable: " + e;
    }
    return "";
  }

  static long lastAccessMillis(ContentFiles files, StoredDescriptor descriptor) {
    try {
      return Math.max(descriptor.createdAtMillis(), Files.getLastModifiedTime(files.lastAccess()).toMillis());
    } catch (NoSuchFileException e) {
      return descriptor.createdAtMillis();
    } catch (IOException e) {
      return descriptor.createdAtMillis();
    }
  }
}
