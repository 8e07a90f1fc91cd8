package org.seamcache.proxy.relay;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The packets one viewer lost because sending them failed (a destination the socket refuses, a
 * closed connection, a bug in an output). Each is counted; they are reported in at most one log
 * line per {@link #REPORT_INTERVAL_NANOS}, with the count since the last line and the last cause's
 * one-line description: a broken destination fails every packet, and a stack trace per packet once
 * wrote 66 MB of log in 80 s. Thread-safe (sends may complete on another event loop).
 */
final class ViewerFailures {
  private static final Logger log = LoggerFactory.getLogger(ViewerFailures.class);
  static final long REPORT_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final String viewer;
  private final LongAdder processTotal;
  private final LongSupplier nanoClock;
  private final Consumer<String> report;
  private long total;
  private long unreported;
  private long lastReportNanos;
  private boolean reportedOnce;

  ViewerFailures(String viewer, LongAdder processTotal) {
    this(viewer, processTotal, System::nanoTime, log::warn);
  }

  ViewerFailures(String viewer, LongAdder processTotal, LongSupplier nanoClock, Consumer<String> report) {
    this.viewer = viewer;
    this.processTotal = processTotal;
    this.nanoClock = nanoClock;
    this.report = report;
  }

  /** One packet was lost to {@code cause}. */
  void failed(Throwable cause) {
    failed(String.valueOf(cause));
  }

  /** One packet was lost, for the reason described. */
  void failed(String cause) {
    processTotal.increment();
    String line;
    synchronized (this) {
      total++;
      unreported++;
      long now = nanoClock.getAsLong();
      if (reportedOnce && now - lastReportNanos < REPORT_INTERVAL_NANOS) {
        return;
      }
      line = "viewer " + viewer + ": " + unreported + " packet(s) could not be sent"
          + (reportedOnce ? " in the last " + TimeUnit.NANOSECONDS.toSeconds(now - lastReportNanos) + " s" : "")
          + " (" + total + " in all), dropped; last cause: " + cause;
      unreported = 0;
      lastReportNanos = now;
      reportedOnce = true;
    }
    report.accept(line); // outside the lock: a slow appender must not hold up the sending loop's peers
  }

  synchronized long total() {
    return total;
  }
}
