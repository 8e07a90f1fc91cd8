package org.seamcache.storage.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * Counts operations against the benchmark thread's CPU time (user + system) over one iteration, so
 * the rate per core can be read even when other processes share the cores. Confined to the
 * benchmark thread (JMH runs iteration setup and teardown of a thread-scoped state on it).
 */
final class CpuRate {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private long startCpuNanos;
  private long startWallNanos;
  long ops;

  void start() {
    ops = 0;
    startCpuNanos = THREADS.getCurrentThreadCpuTime();
    startWallNanos = System.nanoTime();
  }

  /** Prints ops per CPU-second (and the share of wall time the thread got) for this iteration. */
  void report(String name) {
    double cpuSeconds = (THREADS.getCurrentThreadCpuTime() - startCpuNanos) / 1e9;
    double wallSeconds = (System.nanoTime() - startWallNanos) / 1e9;
    System.out.printf(Locale.ROOT, "%n[cpu] %s: %d ops / %.3f cpu-s = %.0f ops per cpu-second (thread on cpu %.0f%% of wall)%n",
        name, ops, cpuSeconds, ops / cpuSeconds, 100 * cpuSeconds / wallSeconds);
  }
}
