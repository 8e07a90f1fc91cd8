package org.seamcache.storage;

import java.io.File;
import net.openhft.posix.PosixAPI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps real disk blocks allocated ({@code fallocate}) a little ahead of where a queue's writer
 * writes, so a full file system refuses here, between excerpts, with ENOSPC. Without it the first
 * sign of a full tmpfs or ext4 is a write through Chronicle's memory mapping into a hole: SIGBUS,
 * which the JVM turns into an {@link InternalError} thrown some instructions later, after the
 * excerpt was committed with bytes missing (a torn record).
 *
 * <p>A file system without {@code fallocate} (or no native access) is written without the
 * reservation, as before. Confined to the writer thread.
 */
final class SpaceReservation implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SpaceReservation.class);
  /** Blocks kept ahead of the write position: more than an excerpt and a Chronicle index array. */
  static final long AHEAD_BYTES = 1L << 20;
  private static final int O_RDWR = 2;
  private static final int FALLOC_FL_KEEP_SIZE = 1;
  private static final int ENOSPC = 28;
  private static final int EDQUOT = 122;

  private final PosixAPI posix;
  private File file;
  private int fd = -1;
  private long reservedEnd;
  private boolean unsupported;

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
    if (posix.fallocate(fd, FALLOC_FL_KEEP_SIZE, position, AHEAD_BYTES) != 0) {
      int errno = posix.lastError();
      if (errno == ENOSPC || errno == EDQUOT) {
        throw new DiskFullException("no room for the next " + AHEAD_BYTES + " bytes of " + file.getName()
            + " (" + posix.strerror(errno) + ")");
      }
      LOG.info("cannot reserve space ahead of the writer in {} ({}); writing without the reservation", file, posix.strerror(errno));
      unsupported = true;
      return;
    }
    reservedEnd = position + AHEAD_BYTES;
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
