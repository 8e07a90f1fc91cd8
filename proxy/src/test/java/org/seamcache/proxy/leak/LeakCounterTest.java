package org.seamcache.proxy.leak;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakTracker;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The counter really sees a leak: an object tracked and never closed is reported once collected. */
class LeakCounterTest {

  /** Something that could leak. */
  static final class Resource {}

  @Test
  void aTrackedObjectThatIsNeverClosedIsCounted() {
    // its own list, so the module's leak check (FailOnLeaks) does not count this deliberate leak
    List<String> counted = new CopyOnWriteArrayList<>();
    ResourceLeakDetector<Resource> detector = new LeakCounter.CountingDetector<>(Resource.class, 1, counted, false);
    leakOne(detector);
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10)).until(() -> {
      System.gc();
      Resource r = new Resource();
      ResourceLeakTracker<Resource> probe = detector.track(r); // reporting happens on track()
      if (probe != null) {
        probe.close(r);
      }
      return counted.stream().anyMatch(l -> l.contains("Resource"));
    });
    assertThat(counted).hasSize(1);
  }

  private static void leakOne(ResourceLeakDetector<Resource> detector) {
    detector.track(new Resource()); // tracked, never closed, unreachable after return
  }
}
