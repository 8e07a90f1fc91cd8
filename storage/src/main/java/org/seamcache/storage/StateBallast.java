package org.seamcache.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A little disk space set aside when a recording run starts and given back just before its final
 * state is written, so that state still fits when the run ended because it filled the disk
 * (otherwise the content would look as if its writer had died). Stateless.
 */
final class StateBallast {

  private static final Logger LOG = LoggerFactory.getLogger(StateBallast.class);
  /** Far more than a summary takes (a few KiB even with many legs). */
  static final int BYTES = 64 << 10;
  static final String FILE = "state.ballast";

  private StateBallast() {}

  /** Writes the ballast file with real blocks; on a disk already too full, goes on without it. */
  static void lay(Path contentDir) {
    Path file = contentDir.resolve(FILE);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      ByteBuffer zeros = ByteBuffer.allocate(BYTES);
      while (zeros.hasRemaining()) {
        ch.write(zeros);
      }
      ch.force(false);
    } catch (IOException e) {
      LOG.warn("cannot set {} bytes aside for the final state in {}: {}", BYTES, contentDir, e.toString());
      release(contentDir);
    }
  }

  /** Deletes the ballast (if any), freeing its space for the final state. */
  static void release(Path contentDir) {
    try {
      Files.deleteIfExists(contentDir.resolve(FILE));
    } catch (IOException e) {
      LOG.warn("cannot delete {} in {}: {}", FILE, contentDir, e.toString());
    }
  }
}
