package org.seamcache.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Paths inside one content's directory:
 *
 * <pre>
 * contents/ID/
 *   content.properties   the descriptor: origin URL, SDP, tracks (written once)
 *   summary.properties   state and totals, written when a recording run ends or is recovered
 *   writer.lock          locked by the live writer process, holds its PID
 *   last-access          its modification time is the content's last access (LRU eviction)
 *   queue/               the Chronicle queue: one excerpt per packet ({@link ExcerptCodec})
 *   seamed-T.idx         track T's seamed index: canonical position → excerpt, and gaps
 *                        ({@link SeamedIndexFile}); written when a run ends or is recovered
 *   seamed-T.journal     track T's seam while a first run is written ({@link SeamedIndexJournal})
 *   attributes.properties what the storage's users keep with the content (the proxy: the origin's
 *                        caching headers); opaque to the storage
 *   state.ballast        space set aside while a run records, freed for its final state
 *                        ({@link StateBallast})
 * </pre>
 *
 * Immutable.
 */
record ContentFiles(String id, Path dir) {

  static final String DESCRIPTOR = "content.properties";

  Path descriptor() {
    return dir.resolve(DESCRIPTOR);
  }

  Path summary() {
    return dir.resolve("summary.properties");
  }

  Path writerLock() {
    return dir.resolve("writer.lock");
  }

  Path lastAccess() {
    return dir.resolve("last-access");
  }

  Path queueDir() {
    return dir.resolve("queue");
  }

  Path seamedIndex(int track) {
    return dir.resolve("seamed-" + track + ".idx");
  }

  /** What the storage's users keep with a content (opaque to the storage). */
  Path attributes() {
    return dir.resolve("attributes.properties");
  }

  /** Track {@code track}'s seamed index while a run is being written (see SeamedIndexJournal). */
  Path seamedJournal(int track) {
    return dir.resolve("seamed-" + track + ".journal");
  }

  /** Removes every track's seamed index and running journal (a new run makes them stale). */
  void deleteSeamedIndexes() {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "seamed-*.{idx,idx.tmp,journal}")) {
      for (Path f : files) {
        Files.deleteIfExists(f);
      }
    } catch (java.nio.file.NoSuchFileException e) {
      // no directory, no index
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the seamed indexes in " + dir, e);
    }
  }

  boolean exists() {
    return Files.exists(descriptor());
  }

  /** Name and length of every queue data file ({@code *.cq4}), in name order. */
  Map<String, Long> queueFileSizes() {
    Map<String, Long> sizes = new java.util.TreeMap<>();
    if (!Files.isDirectory(queueDir())) {
      return sizes;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(queueDir(), "*.cq4")) {
      for (Path f : files) {
        sizes.put(f.getFileName().toString(), Files.size(f));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + queueDir(), e);
    }
    return new LinkedHashMap<>(sizes);
  }
}
