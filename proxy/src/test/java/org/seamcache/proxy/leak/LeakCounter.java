package org.seamcache.proxy.leak;

import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Counts what Netty's leak detector reports, so a leak fails the tests instead of scrolling by in a
 * log. Installed as Netty's detector factory before any buffer class is initialized (see
 * {@link FailOnLeaks}); the detectors it makes still log as usual.
 */
public final class LeakCounter extends ResourceLeakDetectorFactory {
  private static final List<String> LEAKS = new CopyOnWriteArrayList<>();
  private static volatile boolean installed;

  /** Makes Netty use this factory; idempotent. */
  public static synchronized void install() {
    if (!installed) {
      ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new LeakCounter());
      installed = true;
    }
  }

  /** Every leak reported so far (resource type and where it was last touched). */
  public static List<String> leaks() {
    return List.copyOf(LEAKS);
  }

  @Override
  public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval, long maxActive) {
    return new CountingDetector<>(resource, samplingInterval, LEAKS, true);
  }

  /** A detector that records each leak it reports. */
  static final class CountingDetector<T> extends ResourceLeakDetector<T> {
    private final List<String> into;
    private final boolean log;

    /** {@code log} false: counted only (a test's deliberate leak must not look like a real one in the logs). */
    CountingDetector(Class<T> resource, int samplingInterval, List<String> into, boolean log) {
      super(resource, samplingInterval);
      this.into = into;
      this.log = log;
    }

    @Override
    protected boolean needReport() {
      return true; // count even when the logger would stay quiet
    }

    @Override
    protected void reportTracedLeak(String resourceType, String records) {
      into.add(resourceType + " leaked, last touched:" + records);
      if (log) {
        super.reportTracedLeak(resourceType, records);
      }
    }

    @Override
    protected void reportUntracedLeak(String resourceType) {
      into.add(resourceType + " leaked (no records)");
      if (log) {
        super.reportUntracedLeak(resourceType);
      }
    }
  }
}
