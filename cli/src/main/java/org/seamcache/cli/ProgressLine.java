package org.seamcache.cli;

import java.io.PrintWriter;

/**
 * A progress counter rewritten in place on stderr, only when stderr is a terminal (scripts and
 * tests see nothing), at most five times a second. Confined to the command's thread.
 */
final class ProgressLine implements AutoCloseable {

  private final PrintWriter err;
  private final String label;
  private final boolean enabled;
  private long lastNanos;
  private boolean shown;

  ProgressLine(PrintWriter err, String label) {
    this.err = err;
    this.label = label;
    this.enabled = System.console() != null;
  }

  void update(long done, String unit) {
    long now = System.nanoTime();
    if (!enabled || now - lastNanos < 200_000_000L) {
      return;
    }
    lastNanos = now;
    shown = true;
    err.print("\r" + label + ": " + String.format(java.util.Locale.ROOT, "%,d", done) + " " + unit + "   ");
    err.flush();
  }

  @Override
  public void close() {
    if (shown) {
      err.println();
      err.flush();
    }
  }
}
