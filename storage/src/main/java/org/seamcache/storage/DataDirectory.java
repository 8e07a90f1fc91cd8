package org.seamcache.storage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * A data directory opened by a process that does not record into it (the CLI), possibly while a
 * proxy records there. It never writes, except {@link #purge}, {@link #verify} (which records the
 * damage it finds in a finished content, never in a live one) and a seamed index it had to rebuild
 * for a finished content ({@link #seamedIndex}). It tells a recording whose writer
 * is alive ({@code recording}) from one whose writer died ({@code incomplete}) by the writer lock.
 *
 * <p>Thread-safe (it holds no mutable state; each reader it opens is confined to one thread).
 */
public final class DataDirectory {

  private final DataLayout layout;

  private DataDirectory(DataLayout layout) {
    this.layout = layout;
  }

  /** @throws StorageException if {@code dataDir} is not a seamcache data directory of this version */
  public static DataDirectory open(Path dataDir) {
    return new DataDirectory(DataLayout.openExisting(dataDir));
  }

  /** True if a proxy holds this data directory now. */
  public boolean proxyRunning() {
    return WriterLock.probe(layout.storageLock()) == WriterLock.Holder.LIVE;
  }

  public Catalog catalog() {
    return new DirectoryCatalog(layout) {
      @Override
      public Optional<ContentInfo> get(String id) {
        if (!ContentId.isWellFormed(id)) {
          return Optional.empty();
        }
        try {
          return Optional.of(ContentLoader.load(layout, id));
        } catch (UnknownContentException e) {
          return Optional.empty();
        }
      }
    };
  }

  /** A reader over the content's queue (its own read-only mapping). */
  public RecordingReader openReader(String id) {
    ContentFiles files = layout.content(id);
    if (!files.exists()) {
      throw new UnknownContentException(id);
    }
    return RecordingReader.openQueueDir(files.queueDir());
  }

  /**
   * Track {@code track}'s seamed index (canonical position → excerpt, gaps), read from its file. A
   * missing, damaged or stale file is never trusted: the index is then seamed again from the queue
   * ({@link SeamedIndex#rebuilt()} and {@link SeamedIndex#origin()} say so) and, for a finished
   * content, written back. Reads the whole queue when it rebuilds: not for an event loop.
   */
  public SeamedIndex seamedIndex(String id, int track) {
    ContentFiles files = layout.content(id);
    if (!files.exists()) {
      throw new UnknownContentException(id);
    }
    StoredDescriptor descriptor = StoredDescriptor.readFrom(files.descriptor());
    if (track < 0 || track >= descriptor.content().tracks().size()) {
      throw new IllegalArgumentException("content " + id + " has no track " + track);
    }
    StoredState stored = WriterLock.probe(files.writerLock()) == WriterLock.Holder.LIVE ? null : readStateQuietly(files);
    return SeamedIndexStore.load(files, descriptor, stored, track, true);
  }

  private static StoredState readStateQuietly(ContentFiles files) {
    try {
      return StoredState.readFrom(files.summary());
    } catch (StorageException e) {
      return null;
    }
  }

  /**
   * Reads every excerpt and checks its length, checksum, kind, track and per-leg arrival order, and
   * that the totals agree with the state stored at the end of recording.
   *
   * @param progress receives the number of excerpts read so far, now and then
   */
  public VerifyReport verify(String id, LongConsumer progress) {
    ContentInfo info = catalog().get(id).orElseThrow(() -> new UnknownContentException(id));
    ContentFiles files = layout.content(id);
    List<String> problems = new ArrayList<>();
    RecordingScan scan = ContentLoader.scanIfPresent(files, info.tracks().size());
    progress.accept(0);
    if (!scan.damage().isEmpty()) {
      problems.add(scan.damage());
    }
    if (scan.corruptExcerpts() > 1) {
      problems.add(scan.corruptExcerpts() + " corrupt excerpts in all");
    }
    RecordingSummary found = scan.tally().summary(java.util.Map.of());
    if (info.state() != ContentState.RECORDING) {
      StoredState stored = StoredState.readFrom(files.summary());
      if (stored != null) {
        String quick = ContentLoader.quickCheck(files, stored);
        if (!quick.isEmpty() && !problems.contains(quick)) {
          problems.add(quick);
        }
        long expected = stored.summary().excerpts();
        long seen = found.excerpts() + scan.corruptExcerpts();
        if (seen != expected) {
          problems.add("read " + seen + " excerpts, the recording ended with " + expected);
        }
      }
    }
    long total = found.excerpts() + scan.corruptExcerpts();
    progress.accept(total);
    List<String> repaired = new ArrayList<>();
    if (info.state() != ContentState.RECORDING && problems.isEmpty()) {
      // Check each seamed index (every block's CRC32C, built over this run); a bad one is rebuilt.
      for (int t = 0; t < info.tracks().size(); t++) {
        SeamedIndex index = seamedIndex(id, t);
        if (index.rebuilt()) {
          repaired.add("track " + t + ": " + index.origin());
        }
      }
    }
    if (!problems.isEmpty()) {
      recordDamage(files, problems.get(0));
    }
    return new VerifyReport(id, info.state(), total, scan.corruptExcerpts(), problems, repaired);
  }

  /**
   * Writes what verify found into the content's final state, so neither {@code ls} nor a proxy ever
   * takes it for complete again. Only for contents no live process writes.
   */
  private static void recordDamage(ContentFiles files, String damage) {
    if (WriterLock.probe(files.writerLock()) == WriterLock.Holder.LIVE) {
      return;
    }
    StoredState stored;
    try {
      stored = StoredState.readFrom(files.summary());
    } catch (StorageException e) {
      return;
    }
    if (stored != null && stored.damage().isEmpty()) {
      new StoredState(ContentState.INCOMPLETE, "damaged files", stored.stopReason(), stored.stopDetail(), damage,
              stored.endedAtMillis(), stored.queueFiles(), stored.summary())
          .writeTo(files.summary());
    }
  }

  /** Deletes a content whole; refuses one a live process is recording. */
  public void purge(String id) {
    ContentPurge.purge(layout, id);
  }

  /** The data directory. */
  /** What the storage's users keep with content {@code id} (the proxy: the origin's caching headers, the repair history). */
  public java.util.Map<String, String> attributes(String id) {
    java.util.Properties p = PropertiesFile.readIfExists(layout.content(id).attributes());
    java.util.Map<String, String> out = new java.util.TreeMap<>();
    if (p != null) {
      p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
    }
    return out;
  }

  public Path root() {
    return layout.root();
  }

  /** Ids of every content. */
  public List<String> ids() {
    return layout.contentIds();
  }
}
