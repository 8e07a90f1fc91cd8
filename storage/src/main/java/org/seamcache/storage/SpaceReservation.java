package org.seamcache.storage;

import java.io.File;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.posix.PosixAPI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps real disk blocks allocated ({@code fallocate}) a little ahead of where a queue's writer
 * writes, so a full file system refuses here, between excerpts, with ENOSPC. Without it the first
 * sign of a full tmpfs or ext4 is a write through Chronicle's memory mapping into a hole: SIGBUS,
 * which the JVM turns into an {@link InternalError} thrown some instructions later, after the
 * excerpt was committed with bytes missing (a torn record). Files Chronicle is about to create
 * (the queue's metadata, each cycle's file) are made first with their first blocks allocated: its
 * first write into a new file is an atomic compare-and-set, and SIGBUS there crashes the JVM.
 *
 * <p>A file system without {@code fallocate} (or no native access) is written without the
 * reservation, as before. Confined to the writer thread.
 */
final class SpaceReservation implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SpaceReservation.class);
  /** Blocks kept ahead of the write position: more than an excerpt and a Chronicle index array. */
  static final long AHEAD_BYTES = 1L << 20;
  private static final int O_RDWR = 2;
  private static final int O_CREAT = 0100;
  private static final int MODE_0644 = 0644;
  /** What Chronicle maps of a queue's {@code metadata.cq4t}. */
  static final long METADATA_BYTES = 128L << 10;
  private static final int FALLOC_FL_KEEP_SIZE = 1;
  private static final int ENOSPC = 28;
  private static final int EDQUOT = 122;

  private final PosixAPI posix;
  private File file;
  private int fd = -1;
  private long reservedEnd;
  private boolean unsupported;
  private SingleChronicleQueue queue;
  private int preparedCycle = Integer.MIN_VALUE;

  SpaceReservation() {
    PosixAPI p;
    try {
      p = PosixAPI.posix();
    } catch (RuntimeException | LinkageError e) {
      LOG.info("no space reservation ahead of recordings (no native access: {}); a full disk may tear the last excerpt", e.toString());
      p = null;
    }
    this.posix = p;
  }

  /**
   * Creates {@code file} if missing and allocates its first {@code bytes} (contents and size
   * unchanged), before Chronicle maps it.
   *
   * @throws DiskFullException if the file system has no room for them
   */
  void prepare(Path file, long bytes) {
    if (posix == null || unsupported) {
      return;
    }
    boolean existed = java.nio.file.Files.exists(file);
    int created = posix.open(file.toString(), O_RDWR | O_CREAT, MODE_0644);
    if (created < 0) {
      LOG.warn("cannot open {} to reserve space for it: {}", file, posix.lastErrorStr());
      return;
    }
    try {
      allocate(created, file.toFile(), 0, bytes);
    } catch (DiskFullException e) {
      if (!existed) {
        file.toFile().delete(); // an empty file would only puzzle readers
      }
      throw e;
    } finally {
      posix.close(created);
    }
  }

  /** From now on, before each excerpt, the file of the queue's current cycle is prepared first. */
  void watch(SingleChronicleQueue writtenQueue) {
    this.queue = writtenQueue;
  }

  /** Prepares the current cycle's file (see {@link #prepare}) once per cycle, before Chronicle creates it. */
  void prepareCycle() {
    if (queue == null) {
      return;
    }
    int cycle = queue.cycle();
    if (cycle != preparedCycle) {
      prepare(queue.file().toPath().resolve(cycleFileName(queue.rollCycle(), cycle)), AHEAD_BYTES);
      preparedCycle = cycle;
    }
  }

  /** The name Chronicle gives a cycle's file: the cycle's start in the roll cycle's format, UTC. */
  static String cycleFileName(RollCycle rollCycle, int cycle) {
    return DateTimeFormatter.ofPattern(rollCycle.format()).withZone(ZoneOffset.UTC)
        .format(Instant.ofEpochMilli((long) cycle * rollCycle.lengthInMillis())) + SingleChronicleQueue.SUFFIX;
  }

  /**
   * Makes sure blocks are allocated from {@code position} of {@code queueFile} for at least half
   * of {@link #AHEAD_BYTES}, reserving {@code AHEAD_BYTES} more when not.
   *
   * @throws DiskFullException if the file system has no room for them
   */
  void ensure(File queueFile, long position) {
    if (posix == null || unsupported) {
      return;
    }
    if (!queueFile.equals(file)) {
      close();
      int opened = posix.open(queueFile.getPath(), O_RDWR, 0);
      if (opened < 0) {
        LOG.warn("cannot open {} to reserve space ahead of the writer: {}", queueFile, posix.lastErrorStr());
        unsupported = true;
        return;
      }
      fd = opened;
      file = queueFile;
      reservedEnd = 0;
    }
    if (position + AHEAD_BYTES / 2 <= reservedEnd) {
      return;
    }
    if (allocate(fd, file, position, AHEAD_BYTES)) {
      reservedEnd = position + AHEAD_BYTES;
    }
  }

  /** False (and reservations off from now on) when the file system cannot allocate ahead at all. */
  private boolean allocate(int descriptor, File target, long offset, long bytes) {
    if (posix.fallocate(descriptor, FALLOC_FL_KEEP_SIZE, offset, bytes) == 0) {
      return true;
    }
    int errno = posix.lastError();
    if (errno == ENOSPC || errno == EDQUOT) {
      throw new DiskFullException("no room for " + bytes + " bytes of " + target.getName() + " (" + posix.strerror(errno) + ")");
    }
    LOG.info("cannot reserve space in {} ({}); writing without the reservation", target, posix.strerror(errno));
    unsupported = true;
    return false;
  }

  @Override
  public void close() {
    if (fd >= 0) {
      posix.close(fd);
      fd = -1;
      file = null;
    }
  }

  /** The file system is full: the recording stops before it writes into space it does not have. */
  static final class DiskFullException extends StorageException {
    DiskFullException(String message) {
      super(message);
    }
  }
}
