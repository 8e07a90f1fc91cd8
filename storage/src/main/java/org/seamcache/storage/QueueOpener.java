package org.seamcache.storage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.RollCycle;
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
    SingleChronicleQueueBuilder builder = SingleChronicleQueueBuilder.binary(queueDir).readOnly(true).checkInterrupts(false);
    RollCycle cycle = rollCycleOf(queueDir);
    if (cycle != null) {
      builder.rollCycle(cycle); // saves Chronicle a warning about overriding its default
    }
    return builder.build();
  }

  /** How the roll cycle is named in {@code content.properties}. */
  static String nameOf(RollCycle cycle) {
    return cycle instanceof Enum<?> e ? e.getDeclaringClass().getName() + "#" + e.name() : "";
  }

  /** The roll cycle recorded beside the queue, or null if unknown. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static RollCycle rollCycleOf(Path queueDir) {
    java.util.Properties p = PropertiesFile.readIfExists(queueDir.resolveSibling(ContentFiles.DESCRIPTOR));
    String name = p == null ? null : p.getProperty("rollCycle");
    if (name == null || !name.contains("#")) {
      return null;
    }
    try {
      Class<?> type = Class.forName(name.substring(0, name.indexOf('#')));
      if (!type.isEnum() || !RollCycle.class.isAssignableFrom(type)) {
        return null;
      }
      return (RollCycle) Enum.valueOf((Class) type, name.substring(name.indexOf('#') + 1));
    } catch (ReflectiveOperationException | IllegalArgumentException e) {
      return null;
    }
  }

  static TimeProvider timeProvider(InstantSource clock) {
    return clock::millis;
  }
}
