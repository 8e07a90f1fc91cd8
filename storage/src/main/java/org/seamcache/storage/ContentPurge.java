package org.seamcache.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Deletes a content whole: first renames its directory into {@code trash/} (atomic, so no reader
 * ever sees half a content), then deletes the files. Refuses a content a live process is writing.
 * Stateless.
 */
final class ContentPurge {

  private ContentPurge() {}

  static void purge(DataLayout layout, String id) {
    ContentFiles files = layout.content(id);
    if (!files.exists()) {
      throw new UnknownContentException(id);
    }
    if (WriterLock.probe(files.writerLock()) == WriterLock.Holder.LIVE) {
      throw new ContentBusyException(
          "content " + id + " is being recorded by process " + WriterLock.readPid(files.writerLock())
              + "; purge it after the recording ends");
    }
    Path target = layout.trashDir().resolve(id + "-" + System.nanoTime());
    try {
      Files.createDirectories(layout.trashDir());
      Files.move(files.dir(), target);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot move " + files.dir() + " to the trash", e);
    }
    deleteTree(target);
  }

  /** Deletes leftovers of purges a crash interrupted. */
  static void emptyTrash(DataLayout layout) {
    if (!Files.isDirectory(layout.trashDir())) {
      return;
    }
    try (Stream<Path> entries = Files.list(layout.trashDir())) {
      entries.forEach(ContentPurge::deleteTree);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + layout.trashDir(), e);
    }
  }

  static void deleteTree(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot delete " + p, e);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + root, e);
    }
  }
}
