package org.seamcache.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The versioned on-disk layout under the data directory. This package is the only code that knows
 * these paths:
 *
 * <pre>
 * DATA_DIR/
 *   layout.properties        format=seamcache-storage, version=1
 *   storage.lock             held (FileChannel.lock) by the one process that records here
 *   contents/ID/             one directory per content, see {@link ContentFiles}
 *   trash/                   contents being purged (renamed here first, then deleted)
 * </pre>
 *
 * Immutable; safe to share.
 */
final class DataLayout {

  static final String FORMAT = "seamcache-storage";
  static final int VERSION = 1;

  private final Path root;

  private DataLayout(Path root) {
    this.root = root;
  }

  /** Opens the layout, creating it in a missing or empty directory; rejects other versions. */
  static DataLayout createOrOpen(Path dataDir) {
    try {
      Files.createDirectories(dataDir);
      Path layoutFile = dataDir.resolve("layout.properties");
      if (!Files.exists(layoutFile)) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dataDir)) {
          if (entries.iterator().hasNext()) {
            throw new StorageException(
                dataDir + " is not empty and has no layout.properties: not a seamcache data directory");
          }
        }
        Properties p = new Properties();
        p.setProperty("format", FORMAT);
        p.setProperty("version", Integer.toString(VERSION));
        PropertiesFile.write(layoutFile, p);
      }
      DataLayout layout = openExisting(dataDir);
      Files.createDirectories(layout.contentsDir());
      Files.createDirectories(layout.trashDir());
      return layout;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the data directory " + dataDir, e);
    }
  }

  /** Opens an existing layout without writing anything (for readers such as the CLI). */
  static DataLayout openExisting(Path dataDir) {
    Properties p = PropertiesFile.readIfExists(dataDir.resolve("layout.properties"));
    if (p == null) {
      throw new StorageException(dataDir + " has no layout.properties: not a seamcache data directory");
    }
    if (!FORMAT.equals(p.getProperty("format"))) {
      throw new StorageException(dataDir + " has format '" + p.getProperty("format") + "', expected " + FORMAT);
    }
    if (!Integer.toString(VERSION).equals(p.getProperty("version"))) {
      throw new StorageException(
          dataDir + " has layout version " + p.getProperty("version") + "; this build reads version " + VERSION);
    }
    return new DataLayout(dataDir);
  }

  Path root() {
    return root;
  }

  Path storageLock() {
    return root.resolve("storage.lock");
  }

  Path contentsDir() {
    return root.resolve("contents");
  }

  Path trashDir() {
    return root.resolve("trash");
  }

  ContentFiles content(String id) {
    if (!ContentId.isWellFormed(id)) {
      throw new UnknownContentException(id);
    }
    return new ContentFiles(id, contentsDir().resolve(id));
  }

  /** Ids of every content directory that has a descriptor. */
  List<String> contentIds() {
    List<String> ids = new ArrayList<>();
    if (!Files.isDirectory(contentsDir())) {
      return ids;
    }
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(contentsDir())) {
      for (Path dir : dirs) {
        String id = dir.getFileName().toString();
        if (ContentId.isWellFormed(id) && Files.exists(dir.resolve(ContentFiles.DESCRIPTOR))) {
          ids.add(id);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + contentsDir(), e);
    }
    ids.sort(null);
    return ids;
  }
}
