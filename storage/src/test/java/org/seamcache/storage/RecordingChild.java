package org.seamcache.storage;

import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;

/**
 * A process that records until it is killed, for {@link KillNineTest}. It prints {@code recorded N}
 * whenever its writer has committed N packets (never more than it has).
 */
public final class RecordingChild {

  private RecordingChild() {}

  public static void main(String[] args) {
    Path dataDir = Path.of(args[0]);
    Storage storage = Storage.open(StorageConfig.defaults(dataDir).withMinFreeDiskBytes(0));
    Recording r = storage.startRecording(TestMedia.content(args[1]));
    System.out.println("started " + r.id());
    System.out.flush();
    for (long n = 0; ; n++) {
      while (!TestMedia.offer(r, 0, 0, n, 0, n, 1200)) {
        if (!r.stats().running()) {
          System.out.println("stopped " + r.stats());
          System.exit(3);
        }
        LockSupport.parkNanos(100_000);
      }
      if (n % 100 == 99) {
        long target = n + 1;
        while (r.stats().recordedPackets() < target) {
          LockSupport.parkNanos(50_000);
        }
        System.out.println("recorded " + r.stats().recordedPackets());
        System.out.flush();
      }
    }
  }
}
