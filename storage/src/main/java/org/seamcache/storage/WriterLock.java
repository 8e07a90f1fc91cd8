package org.seamcache.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * An OS file lock that a live writer holds for as long as it writes, with its PID inside. The
 * kernel drops the lock when the process dies (even by {@code kill -9}), so another process that can
 * take the lock knows the writer is gone.
 *
 * <p>POSIX locks belong to the process and closing any channel on the file drops them, so this JVM
 * never opens a file it holds itself: {@link #probe} answers from {@link #HELD} first.
 * Thread-safe.
 */
final class WriterLock implements AutoCloseable {

  /** Who writes, as far as the lock file tells. */
  enum Holder {
    /** A live process holds the lock. */
    LIVE,
    /** The file exists but nobody holds it: the last writer finished or died. */
    NOBODY,
    /** There is no lock file. */
    NONE
  }

  private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;

  private WriterLock(Path file, FileChannel channel, FileLock lock) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
  }

  /** Takes the lock, retrying for up to {@code wait} (a probe may hold it for a moment). */
  static WriterLock acquire(Path file, Duration wait, String what) {
    Path key = file.toAbsolutePath().normalize();
    if (!HELD.add(key)) {
      throw new ContentBusyException(what + " is already being written by this process");
    }
    boolean ok = false;
    try {
      FileChannel channel =
          FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      try {
        long deadline = System.nanoTime() + wait.toNanos();
        FileLock lock;
        while ((lock = channel.tryLock()) == null) {
          if (System.nanoTime() - deadline > 0) {
            throw new ContentBusyException(what + " is being written by process " + readPid(file));
          }
          LockSupport.parkNanos(5_000_000);
        }
        byte[] pid = Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII);
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(pid), 0);
        channel.force(false);
        ok = true;
        return new WriterLock(key, channel, lock);
      } finally {
        if (!ok) {
          channel.close();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock " + file, e);
    } finally {
      if (!ok) {
        HELD.remove(key);
      }
    }
  }

  /** Whether a live process holds the lock at {@code file}. Never modifies the file. */
  static Holder probe(Path file) {
    if (HELD.contains(file.toAbsolutePath().normalize())) {
      return Holder.LIVE;
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      FileLock lock = channel.tryLock(0, Long.MAX_VALUE, true);
      if (lock == null) {
        return Holder.LIVE;
      }
      lock.release();
      return Holder.NOBODY;
    } catch (NoSuchFileException e) {
      return Holder.NONE;
    } catch (OverlappingFileLockException e) {
      return Holder.LIVE;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot probe " + file, e);
    }
  }

  /** The PID written by the last holder, or "unknown". */
  static String readPid(Path file) {
    try {
      String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
      return text.isEmpty() ? "unknown" : text;
    } catch (IOException e) {
      return "unknown";
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot release " + file, e);
    } finally {
      HELD.remove(file);
    }
  }
}
