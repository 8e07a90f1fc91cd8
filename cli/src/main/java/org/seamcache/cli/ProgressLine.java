package org.seamcache.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A progress counter rewritten in place on stderr, only when enabled (by default: stderr is a
 * terminal, so scripts and pipes see nothing), at most five times a second. Confined to the
 * command's thread.
 */
final class ProgressLine implements AutoCloseable {

  private static final long MIN_INTERVAL_NANOS = 200_000_000L;

  private final PrintWriter err;
  private final String label;
  private final boolean enabled;
  private long lastNanos;
  private int lastWidth;
  private boolean shown;
  /** The latest text skipped by the rate limit: shown at close, so the line ends on the true figure. */
  private String skipped;

  ProgressLine(PrintWriter err, String label, boolean enabled) {
    this.err = err;
    this.label = label;
    this.enabled = enabled;
  }

  void update(long done, String unit) {
    show(String.format(Locale.ROOT, "%,d %s", done, unit));
  }

  /** {@code done} of {@code total} with the percentage. */
  void update(long done, long total, String unit) {
    show(total <= 0 || done > total ? String.format(Locale.ROOT, "%,d %s", done, unit)
        : String.format(Locale.ROOT, "%,d of %,d %s (%d%%)", done, total, unit, done * 100 / total));
  }

  private void show(String text) {
    long now = System.nanoTime();
    if (!enabled) {
      return;
    }
    if (shown && now - lastNanos < MIN_INTERVAL_NANOS) {
      skipped = text;
      return;
    }
    lastNanos = now;
    write(text);
  }

  private void write(String text) {
    shown = true;
    skipped = null;
    String line = label + ": " + text;
    // pad over what a longer previous line left behind
    err.print("\r" + line + " ".repeat(Math.max(0, lastWidth - line.length())));
    lastWidth = line.length();
    err.flush();
  }

  @Override
  public void close() {
    if (skipped != null) {
      write(skipped);
    }
    if (shown) {
      err.println();
      err.flush();
    }
  }
}
