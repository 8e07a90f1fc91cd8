package org.seamcache.storage;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recordings under one data directory, for the one process that records there (it holds {@code
 * storage.lock}). Opening recovers what a crash left: recordings without a final state are marked
 * {@code incomplete} with every packet they had. Readers in other processes use {@link
 * DataDirectory} instead.
 *
 * <p>Thread-safe. {@link #startRecording}, {@link #openReader}, {@link #purge} and {@link #close}
 * touch the file system: call them off event loops.
 */
public final class Storage implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Storage.class);
  private static final Duration LOCK_WAIT = Duration.ofSeconds(2);
  /**
   * How long a new run waits for the content's last run to be sealed (its viewers just left; the
   * caller's leg waits too, so this is bounded).
   */
  private static final Duration SEAL_WAIT = Duration.ofSeconds(5);

  private final StorageConfig config;
  private final DataLayout layout;
  private final WriterLock dataDirLock;
  private final Map<String, Recording> active = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> readers = new ConcurrentHashMap<>();
  private final Cache<String, CachedInfo> infos;
  private final QueueHandles queues;
  private final Object budgetLock = new Object();
  private final AtomicLong evictions = new AtomicLong();
  private final AtomicLong recordingsFailed = new AtomicLong();
  private final Catalog catalog;
  private final RecordingHost host = new Host();
  private volatile boolean closed;

  private record CachedInfo(Stamp stamp, ContentInfo info) {}

  /** Changes whenever a content's persisted state or last access changes. */
  private record Stamp(long summaryMillis, long summarySize, long lastAccessMillis) {}

  private Storage(StorageConfig config, DataLayout layout, WriterLock dataDirLock) {
    this.config = config;
    this.layout = layout;
    this.catalog = new StorageCatalog(); // after layout: it lists from it
    this.dataDirLock = dataDirLock;
    this.infos = Caffeine.newBuilder().maximumSize(10_000).build();
    this.queues = new QueueHandles(64, Duration.ofMinutes(5));
  }

  /** Creates or validates the layout, takes the data directory, and recovers interrupted recordings. */
  public static Storage open(StorageConfig config) {
    DataLayout layout = DataLayout.createOrOpen(config.dataDir());
    WriterLock lock = WriterLock.acquire(layout.storageLock(), LOCK_WAIT, "data directory " + config.dataDir());
    try {
      Storage storage = new Storage(config, layout, lock);
      ContentPurge.emptyTrash(layout);
      StartupRecovery.run(layout, config);
      storage.host.makeRoom(null, 0);
      return storage;
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  /**
   * Starts recording {@code content}, or appends a new run to its existing recording (earlier legs
   * keep their ids; see {@link Recording#storedLegId}). Never throws for runtime conditions: if the
   * content is already being recorded, the disk is low or the files cannot be opened, the returned
   * recording is already stopped ({@link RecorderStats#stopReason()} says why) and refuses packets.
   */
  public Recording startRecording(ContentDescriptor content) {
    if (closed) {
      throw new IllegalStateException("storage is closed");
    }
    String id = content.id();
    int trackCount = content.tracks().size();
    ContentFiles files = layout.content(id);
    awaitSealed(id);
    synchronized (this) {
      if (active.containsKey(id)) {
        return Recording.notStarted(id, trackCount, config, StopReason.NOT_STARTED,
            "content " + id + " is already being recorded by this process");
      }
      try {
        long usable = config.freeSpaceProbe().usableBytes(layout.root());
        if (usable < config.minFreeDiskBytes()) {
          String detail = "only " + usable + " bytes usable, below the " + config.minFreeDiskBytes() + "-byte floor";
          LOG.warn("content {} not recorded: {}", id, detail);
          return Recording.notStarted(id, trackCount, config, StopReason.DISK_LOW, detail);
        }
        Files.createDirectories(files.dir());
        WriterLock lock = WriterLock.acquire(files.writerLock(), LOCK_WAIT, "content " + id);
        try {
          Recording recording = prepare(content, id, files, lock);
          active.put(id, recording);
          infos.invalidate(id);
          return recording;
        } catch (RuntimeException | IOException e) {
          lock.close();
          throw e;
        }
      } catch (ContentBusyException e) {
        return Recording.notStarted(id, trackCount, config, StopReason.NOT_STARTED, e.getMessage());
      } catch (IOException | RuntimeException e) {
        LOG.warn("content {} not recorded: {}", id, e.toString());
        return Recording.notStarted(id, trackCount, config, StopReason.NOT_STARTED, e.toString());
      }
    }
  }

  /**
   * Waits (up to {@link #SEAL_WAIT}) while the content's running recording is stopping: a viewer
   * who arrives just after the last one left gets a run of its own, not "already being recorded".
   */
  private void awaitSealed(String id) {
    long deadline = System.nanoTime() + SEAL_WAIT.toNanos();
    Recording earlier;
    while ((earlier = active.get(id)) != null && earlier.stopRequest() != null) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return;
      }
      try {
        earlier.whenFinished().get(left, TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        return;
      }
    }
  }

  private Recording prepare(ContentDescriptor content, String id, ContentFiles files, WriterLock lock)
      throws IOException {
    int trackCount = content.tracks().size();
    if (!files.exists()) {
      new StoredDescriptor(id, content, config.clock().millis(), QueueOpener.nameOf(config.rollCycle())).writeTo(files.descriptor());
    }
    StoredState earlier = StoredState.readFrom(files.summary());
    RecordingSummary earlierSummary = earlier != null
        ? earlier.summary()
        : ContentLoader.scanIfPresent(files, trackCount).tally().summary(Map.of());
    boolean appends = earlierSummary.excerpts() > 0;
    // read before the indexes go: readers keep playing the copy this run adds to
    Optional<SealedCopy> sealed = appends
        ? SealedCopy.readIfSound(files, StoredDescriptor.readFrom(files.descriptor()), earlier, config.clock().millis())
        : Optional.empty();
    // From here on a crash must leave the content without a final state, so it is recovered as
    // incomplete.
    Files.deleteIfExists(files.summary());
    files.deleteSeamedIndexes(); // they describe the earlier run; the writer writes new ones at the end
    touch(files);
    StateBallast.lay(files.dir());
    Recording recording = new Recording(id, trackCount, earlierSummary.maxLeg() + 1, config, true);
    recording.earlierStoredBytes = earlierSummary.storedBytes();
    recording.sealedCopy = sealed.orElse(null);
    RecordingWriter writer = new RecordingWriter(recording, files, config, host, lock, trackCount, appends);
    Thread thread = new Thread(writer, "seamcache-recorder-" + id);
    thread.setDaemon(true);
    thread.start();
    return recording;
  }

  public Catalog catalog() {
    return catalog;
  }

  /** A reader of the content's recording; while it is open the content is never evicted. */
  public RecordingReader openReader(String id) {
    ContentFiles files = layout.content(id);
    if (!files.exists()) {
      throw new UnknownContentException(id);
    }
    AtomicInteger count = readers.computeIfAbsent(id, k -> new AtomicInteger());
    count.incrementAndGet();
    try {
      touch(files);
      return queues.open(id, files.queueDir(), count::decrementAndGet);
    } catch (RuntimeException e) {
      count.decrementAndGet();
      throw e;
    }
  }

  /**
   * Track {@code track}'s seamed copy of a finished content (canonical position -> excerpt), read from
   * its index file, or seamed again from the queue when the file is missing, damaged or stale (as
   * {@link DataDirectory#seamedIndex} does). Reads the disk: not for an event loop.
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
    if (active.containsKey(id)) {
      throw new ContentBusyException("content " + id + " is being recorded; its seamed copy is not final yet");
    }
    return SeamedIndexStore.load(files, descriptor, StoredState.readFrom(files.summary()), track, true);
  }

  /**
   * Track {@code track}'s seamed index as far as the running recording of {@code id} released it (a
   * reader behind the writer: positions before the newest {@value LiveQueueSeam#WINDOW_MILLIS} ms or
   * so); empty if no run is writing one (none running, or a run appending to an earlier one). Reads
   * one small file; never scans the queue.
   */
  public java.util.Optional<SeamedIndex> runningIndex(String id, int track) {
    if (!active.containsKey(id)) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.ofNullable(SeamedIndexJournal.read(layout.content(id).seamedJournal(track)));
  }

  /**
   * The copy content {@code id} held when its running recording started, as the run before sealed
   * it (see {@link SealedCopy}); empty when no run is writing, the running one is its first, or the
   * earlier run left no playable copy. Reads nothing from disk.
   */
  public Optional<SealedCopy> sealedCopy(String id) {
    Recording running = active.get(id);
    return running == null ? Optional.empty() : Optional.ofNullable(running.sealedCopy);
  }

  /**
   * Keeps {@code attributes} with content {@code id} (replacing earlier ones), for its users: the
   * storage does not read them. Written atomically; gone with the content.
   *
   * @throws UnknownContentException if there is no such content
   */
  public void setAttributes(String id, java.util.Map<String, String> attributes) {
    ContentFiles files = layout.content(id);
    if (!files.exists()) {
      throw new UnknownContentException(id);
    }
    java.util.Properties p = new java.util.Properties();
    p.putAll(attributes);
    PropertiesFile.write(files.attributes(), p);
  }

  /** Adds {@code more} to what is kept with content {@code id} (replacing equal keys). */
  public synchronized void addAttributes(String id, java.util.Map<String, String> more) {
    java.util.Map<String, String> all = new java.util.TreeMap<>(attributes(id));
    all.putAll(more);
    setAttributes(id, all);
  }

  /** What {@link #setAttributes} kept with content {@code id}; empty if nothing (or no such content). */
  public java.util.Map<String, String> attributes(String id) {
    java.util.Properties p = PropertiesFile.readIfExists(layout.content(id).attributes());
    java.util.Map<String, String> out = new java.util.TreeMap<>();
    if (p != null) {
      p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
    }
    return out;
  }

  /**
   * Deletes a content whole.
   *
   * @throws ContentBusyException if it is being recorded or read
   * @throws UnknownContentException if there is no such content
   */
  public void purge(String id) {
    synchronized (budgetLock) {
      if (active.containsKey(id)) {
        throw new ContentBusyException("content " + id + " is being recorded; purge it after the recording ends");
      }
      if (readCount(id) > 0) {
        throw new ContentBusyException("content " + id + " is being read by " + readCount(id) + " reader(s)");
      }
      queues.invalidate(id);
      ContentPurge.purge(layout, id);
      infos.invalidate(id);
    }
  }

  /**
   * Bytes the recordings take, counted as the disk budget counts them (a running recording's as
   * written so far). Touches the file system: call it off event loops.
   */
  public long usedBytes() {
    long total = 0;
    for (String id : layout.contentIds()) {
      total += storedBytes(id);
    }
    return total;
  }

  /** Bytes one content takes: a running recording's as written so far, else its catalog entry's (0 when gone). */
  private long storedBytes(String id) {
    Recording recording = active.get(id);
    return recording != null
        ? recording.earlierStoredBytes + recording.storedBytes
        : catalog.get(id).map(ContentInfo::storedBytes).orElse(0L);
  }

  /** Usable bytes on the data directory's file system, as the free-space floor measures them. */
  public long usableBytes() throws java.io.IOException {
    return config.freeSpaceProbe().usableBytes(layout.root());
  }

  /** Contents evicted to stay within the disk budget since open. */
  public long evictions() {
    return evictions.get();
  }

  /** Recordings that stopped for any reason but {@link Recording#finish} since open (a metric). */
  public long recordingsFailed() {
    return recordingsFailed.get();
  }

  /** Stats of every recording running now. */
  public List<RecorderStats> activeRecordings() {
    return active.values().stream().map(Recording::stats).toList();
  }

  /** Marks every running recording incomplete, waits for their writers, releases the directory. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    List<Recording> running = new ArrayList<>(active.values());
    for (Recording r : running) {
      r.requestStop(StopReason.STORAGE_CLOSED, "storage closed while recording");
    }
    for (Recording r : running) {
      try {
        r.whenFinished().get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn("recording {} did not stop within 30 s: {}", r.id(), e.toString());
      }
    }
    queues.close();
    dataDirLock.close();
  }

  private int readCount(String id) {
    AtomicInteger count = readers.get(id);
    return count == null ? 0 : count.get();
  }

  private void touch(ContentFiles files) {
    try {
      if (!Files.exists(files.lastAccess())) {
        Files.createFile(files.lastAccess());
      }
      Files.setLastModifiedTime(files.lastAccess(), FileTime.fromMillis(config.clock().millis()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot update " + files.lastAccess(), e);
    }
  }

  private Stamp stamp(ContentFiles files) {
    Path summary = files.summary();
    try {
      long lastAccess = Files.exists(files.lastAccess()) ? Files.getLastModifiedTime(files.lastAccess()).toMillis() : 0;
      if (!Files.exists(summary)) {
        return null;
      }
      return new Stamp(Files.getLastModifiedTime(summary).toMillis(), Files.size(summary), lastAccess);
    } catch (IOException e) {
      return null;
    }
  }

  /** Reads through a Caffeine cache validated by file stamps; live recordings report their writer's figures. */
  private final class StorageCatalog extends DirectoryCatalog {

    StorageCatalog() {
      super(layout);
    }

    @Override
    public Optional<ContentInfo> get(String id) {
      if (!ContentId.isWellFormed(id)) {
        return Optional.empty();
      }
      ContentFiles files = layout.content(id);
      try {
        Recording recording = active.get(id);
        if (recording != null) {
          StoredDescriptor d = StoredDescriptor.readFrom(files.descriptor());
          RecordingSummary live = recording.liveSummary;
          return Optional.of(ContentInfo.of(
              d, ContentState.RECORDING, "", null, "", "", Long.toString(ProcessHandle.current().pid()),
              ContentLoader.lastAccessMillis(files, d),
              live != null ? live : RecordingSummary.empty(d.content().tracks().size())));
        }
        Stamp stamp = stamp(files);
        CachedInfo cached = infos.getIfPresent(id);
        if (stamp != null && cached != null && cached.stamp().equals(stamp)) {
          return Optional.of(cached.info());
        }
        ContentInfo info = ContentLoader.load(layout, id);
        if (stamp != null) {
          infos.put(id, new CachedInfo(stamp, info));
        }
        return Optional.of(info);
      } catch (UnknownContentException e) {
        infos.invalidate(id);
        return Optional.empty();
      }
    }
  }

  /** Budget enforcement and end-of-recording bookkeeping, called on writer threads. */
  private final class Host implements RecordingHost {

    @Override
    public boolean makeRoom(String id, long storedBytes) {
      if (config.maxDiskBytes() == 0) {
        return true;
      }
      synchronized (budgetLock) {
        List<ContentInfo> idle = new ArrayList<>();
        long total = 0;
        for (String other : layout.contentIds()) {
          Recording recording = active.get(other);
          if (recording != null) {
            total += recording.earlierStoredBytes + recording.storedBytes;
            continue;
          }
          Optional<ContentInfo> info = catalog.get(other);
          if (info.isEmpty()) {
            continue;
          }
          total += info.get().storedBytes();
          if (readCount(other) == 0 && info.get().state() != ContentState.RECORDING) {
            idle.add(info.get());
          }
        }
        idle.sort(Comparator.comparingLong(ContentInfo::lastAccessMillis).thenComparing(ContentInfo::id));
        for (ContentInfo victim : idle) {
          if (total <= config.maxDiskBytes()) {
            break;
          }
          try {
            queues.invalidate(victim.id());
            ContentPurge.purge(layout, victim.id());
            infos.invalidate(victim.id());
            total -= victim.storedBytes();
            evictions.incrementAndGet();
            LOG.info("evicted content {} ({} bytes, {}) to stay within the {}-byte disk budget",
                victim.id(), victim.storedBytes(), victim.originUrl(), config.maxDiskBytes());
          } catch (RuntimeException e) {
            LOG.warn("cannot evict content {}: {}", victim.id(), e.toString());
          }
        }
        return total <= config.maxDiskBytes();
      }
    }

    @Override
    public void ended(Recording recording) {
      active.remove(recording.id(), recording);
      if (recording.stats().failed()) {
        recordingsFailed.incrementAndGet();
      }
      infos.invalidate(recording.id());
      try {
        touch(layout.content(recording.id()));
      } catch (RuntimeException e) {
        LOG.warn("content {}: {}", recording.id(), e.toString());
      }
    }
  }
}
