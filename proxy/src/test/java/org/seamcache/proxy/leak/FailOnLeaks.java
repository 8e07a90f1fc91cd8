package org.seamcache.proxy.leak;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Registered for every test class of this module (service file + extension autodetection): after a
 * class, collects garbage and makes the leak detector look, and fails the class if Netty reported a
 * buffer leak since the last check. Classes run in parallel, so a leak may be reported after
 * another class than the one that caused it; its record says where the buffer was last touched.
 */
public final class FailOnLeaks implements AfterAllCallback {
  static {
    LeakCounter.install(); // before any test initializes a buffer class
  }

  private static int checked;

  @Override
  public void afterAll(ExtensionContext context) {
    // Collected buffers reach the detector's queue through the reference handler thread; a tracked
    // allocation makes the detector report what is queued. A few rounds within a bounded time.
    long until = System.nanoTime() + 200_000_000L;
    for (int round = 0; round < 5 || System.nanoTime() < until; round++) {
      System.gc();
      ByteBuf probe = UnpooledByteBufAllocator.DEFAULT.buffer(1);
      probe.release();
      if (round > 1000) {
        break;
      }
    }
    List<String> leaks = LeakCounter.leaks();
    List<String> fresh;
    synchronized (FailOnLeaks.class) {
      fresh = leaks.subList(Math.min(checked, leaks.size()), leaks.size());
      checked = leaks.size();
    }
    if (!fresh.isEmpty()) {
      throw new AssertionError("Netty reported " + fresh.size() + " buffer leak(s) by the end of " + context.getDisplayName()
          + ":\n" + String.join("\n", fresh));
    }
  }
}
