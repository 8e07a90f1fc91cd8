package org.seamcache.storage;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@link Storage#open} does about a crash: every content without a final state (its writer
 * died) gets one, rebuilt from its queue (seamed, with its seamed indexes written) and marked
 * {@code incomplete}; every {@code complete}
 * content whose files fail the quick checks is marked {@code incomplete} with the damage. Runs once,
 * on the opening thread, before any recording starts.
 */
final class StartupRecovery {

  private static final Logger LOG = LoggerFactory.getLogger(StartupRecovery.class);

  private StartupRecovery() {}

  static void run(DataLayout layout, StorageConfig config) {
    for (String id : layout.contentIds()) {
      ContentFiles files = layout.content(id);
      StateBallast.release(files.dir()); // left by a writer that died
      StoredState stored;
      try {
        stored = StoredState.readFrom(files.summary());
      } catch (StorageException e) {
        LOG.warn("content {}: {}; rebuilding it from the queue", id, e.getMessage());
        stored = null;
      }
      StoredDescriptor descriptor = StoredDescriptor.readFrom(files.descriptor());
      if (stored == null) {
        RecordingScan scan = ContentLoader.scanIfPresent(files, descriptor.content().tracks().size());
        Map<Integer, SeamedTrack> seamed = SeamedIndexStore.seam(files, descriptor.content(), scan.tally());
        RecordingSummary summary = scan.tally().summary(seamed);
        SeamedIndexStore.writeAll(files, seamed); // before the final state, as the writer does
        new StoredState(
                ContentState.INCOMPLETE,
                "the writer died",
                StopReason.WRITER_DIED,
                "recovered at startup: the writer (pid " + WriterLock.readPid(files.writerLock())
                    + ") stopped without closing the recording",
                scan.damage(),
                config.clock().millis(),
                files.queueFileSizes(),
                summary)
            .writeTo(files.summary());
        LOG.warn("content {}: interrupted recording recovered as incomplete with {} packets", id, summary.packets());
      } else if (stored.state() == ContentState.COMPLETE) {
        String damage = ContentLoader.quickCheck(files, stored);
        if (!damage.isEmpty()) {
          new StoredState(ContentState.INCOMPLETE, "damaged files", stored.stopReason(), stored.stopDetail(), damage,
                  stored.endedAtMillis(), stored.queueFiles(), stored.summary())
              .writeTo(files.summary());
          LOG.warn("content {}: damaged ({}); marked incomplete", id, damage);
        }
      }
    }
  }
}
