package org.seamcache.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reports usable bytes on the file system that holds a path. Injected so tests can fake a full disk. */
@FunctionalInterface
public interface FreeSpaceProbe {

  long usableBytes(Path path) throws IOException;

  /**
   * The real file system. One statvfs per call: {@code Files.getFileStore} also reads the mount
   * table every time, which a recording's once-a-second check does not need.
   */
  static FreeSpaceProbe fileSystem() {
    return path -> {
      long usable = path.toFile().getUsableSpace();
      if (usable == 0 && !Files.exists(path)) {
        throw new NoSuchFileException(path.toString()); // File says 0 for a missing path, not "full"
      }
      return usable;
    };
  }
}
