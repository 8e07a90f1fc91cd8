package org.seamcache.storage;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;

/**
 * Open read-only queue handles, cached by content id so readers of the same content share one
 * mapping. An evicted handle is closed once its last reader is done. Thread-safe.
 */
final class QueueHandles implements AutoCloseable {

  private final Cache<String, Shared> cache;

  QueueHandles(int maxOpen, Duration idle) {
    this.cache = Caffeine.newBuilder()
        .maximumSize(maxOpen)
        .expireAfterAccess(idle)
        .executor(Runnable::run)
        .removalListener((String id, Shared shared, RemovalCause cause) -> {
          if (shared != null) {
            shared.evict();
          }
        })
        .build();
  }

  /** A reader over the content's queue, sharing the cached handle. */
  RecordingReader open(String id, Path queueDir, Runnable onClose) {
    while (true) {
      Shared shared = cache.get(id, k -> new Shared(QueueOpener.forReading(queueDir)));
      if (shared.acquire()) {
        return new RecordingReader(shared.queue, false, () -> {
          shared.release();
          onClose.run();
        });
      }
      cache.asMap().remove(id, shared);
    }
  }

  /** Closes the content's handle (after its readers are done). */
  void invalidate(String id) {
    cache.invalidate(id);
  }

  long openCount() {
    cache.cleanUp();
    return cache.estimatedSize();
  }

  @Override
  public void close() {
    cache.invalidateAll();
    cache.cleanUp();
  }

  /** A queue with a reference count; closed when evicted and unused. */
  private static final class Shared {
    final SingleChronicleQueue queue;
    private final AtomicInteger users = new AtomicInteger();
    private boolean evicted;

    Shared(SingleChronicleQueue queue) {
      this.queue = queue;
    }

    synchronized boolean acquire() {
      if (evicted) {
        return false;
      }
      users.incrementAndGet();
      return true;
    }

    synchronized void release() {
      if (users.decrementAndGet() == 0 && evicted) {
        queue.close();
      }
    }

    synchronized void evict() {
      evicted = true;
      if (users.get() == 0) {
        queue.close();
      }
    }
  }
}
