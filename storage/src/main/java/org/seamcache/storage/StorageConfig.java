package org.seamcache.storage;

import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Objects;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;

/**
 * Settings of a {@link Storage}. Immutable; start from {@link #defaults(Path)} and use the
 * {@code with...} methods.
 *
 * @param dataDir root of the versioned on-disk layout (created if missing)
 * @param maxDiskBytes disk budget for all recordings; 0 = unlimited
 * @param minFreeDiskBytes a recording stops when the file system has less usable space than this
 * @param clock wall clock for catalog times and queue roll cycles (a fake one in tests)
 * @param rollCycle how often a recording's queue starts a new file
 * @param blockSizeBytes Chronicle block size (mapping granularity) of each queue
 * @param handoffPackets capacity of the bounded hand-off between the relay and a recording's writer
 * @param handoffBytes byte capacity of that hand-off
 * @param freeSpaceProbe how usable space is measured
 */
public record StorageConfig(
    Path dataDir,
    long maxDiskBytes,
    long minFreeDiskBytes,
    InstantSource clock,
    RollCycle rollCycle,
    long blockSizeBytes,
    int handoffPackets,
    long handoffBytes,
    FreeSpaceProbe freeSpaceProbe) {

  public static final long DEFAULT_MIN_FREE_DISK_BYTES = 1L << 30;

  public StorageConfig {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(rollCycle, "rollCycle");
    Objects.requireNonNull(freeSpaceProbe, "freeSpaceProbe");
    if (maxDiskBytes < 0) {
      throw new IllegalArgumentException("maxDiskBytes must be >= 0 (0 = unlimited), was " + maxDiskBytes);
    }
    if (minFreeDiskBytes < 0) {
      throw new IllegalArgumentException("minFreeDiskBytes must be >= 0, was " + minFreeDiskBytes);
    }
    if (handoffPackets < 1 || handoffBytes < 2048) {
      throw new IllegalArgumentException(
          "hand-off must hold at least 1 packet and 2048 bytes, was " + handoffPackets + " / " + handoffBytes);
    }
  }

  /** Unlimited budget, 1 GiB free-space floor, system clock, hourly files, 64 MiB blocks. */
  public static StorageConfig defaults(Path dataDir) {
    return new StorageConfig(
        dataDir,
        0,
        DEFAULT_MIN_FREE_DISK_BYTES,
        InstantSource.system(),
        RollCycles.FAST_HOURLY,
        64L << 20,
        65_536,
        64L << 20,
        FreeSpaceProbe.fileSystem());
  }

  public StorageConfig withMaxDiskBytes(long bytes) {
    return new StorageConfig(dataDir, bytes, minFreeDiskBytes, clock, rollCycle, blockSizeBytes, handoffPackets, handoffBytes, freeSpaceProbe);
  }

  public StorageConfig withMinFreeDiskBytes(long bytes) {
    return new StorageConfig(dataDir, maxDiskBytes, bytes, clock, rollCycle, blockSizeBytes, handoffPackets, handoffBytes, freeSpaceProbe);
  }

  public StorageConfig withClock(InstantSource newClock) {
    return new StorageConfig(dataDir, maxDiskBytes, minFreeDiskBytes, newClock, rollCycle, blockSizeBytes, handoffPackets, handoffBytes, freeSpaceProbe);
  }

  public StorageConfig withRollCycle(RollCycle cycle, long blockBytes) {
    return new StorageConfig(dataDir, maxDiskBytes, minFreeDiskBytes, clock, cycle, blockBytes, handoffPackets, handoffBytes, freeSpaceProbe);
  }

  public StorageConfig withHandoff(int packets, long bytes) {
    return new StorageConfig(dataDir, maxDiskBytes, minFreeDiskBytes, clock, rollCycle, blockSizeBytes, packets, bytes, freeSpaceProbe);
  }

  public StorageConfig withFreeSpaceProbe(FreeSpaceProbe probe) {
    return new StorageConfig(dataDir, maxDiskBytes, minFreeDiskBytes, clock, rollCycle, blockSizeBytes, handoffPackets, handoffBytes, probe);
  }
}
