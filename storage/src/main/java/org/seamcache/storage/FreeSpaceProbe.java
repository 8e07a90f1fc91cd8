package org.seamcache.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reports usable bytes on the file system that holds a path. Injected so tests can fake a full disk. */
@FunctionalInterface
public interface FreeSpaceProbe {

  long usableBytes(Path path) throws IOException;

  /** The real file system. */
  static FreeSpaceProbe fileSystem() {
    return path -> Files.getFileStore(path).getUsableSpace();
  }
}
