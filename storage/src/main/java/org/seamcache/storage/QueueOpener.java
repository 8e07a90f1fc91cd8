package org.seamcache.storage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;

/** Opens a content's Chronicle queue for appending or for reading only. Stateless. */
final class QueueOpener {

  private QueueOpener() {}

  static SingleChronicleQueue forWriting(Path queueDir, StorageConfig config) {
    return SingleChronicleQueueBuilder.binary(queueDir)
        .rollCycle(config.rollCycle())
        .blockSize(config.blockSizeBytes())
        .timeProvider(timeProvider(config.clock()))
        .checkInterrupts(false)
        .build();
  }

  /**
   * A queue that maps files read-only and never writes metadata, so it is safe on a queue a live
   * proxy appends to. The roll cycle comes from the queue's own metadata.
   */
  static SingleChronicleQueue forReading(Path queueDir) {
    if (!Files.isDirectory(queueDir)) {
      throw new StorageException(queueDir + " is missing: the recording has no queue");
    }
    return SingleChronicleQueueBuilder.binary(queueDir).readOnly(true).checkInterrupts(false).build();
  }

  static TimeProvider timeProvider(InstantSource clock) {
    return clock::millis;
  }
}
