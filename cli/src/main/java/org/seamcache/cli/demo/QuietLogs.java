package org.seamcache.cli.demo;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/**
 * Holds the in-process proxy's log at WARN while the demo talks (its INFO lines would bury the
 * story; {@code --verbose} keeps them), and puts the level back afterwards. A no-op when Logback is
 * not the backend.
 */
public final class QuietLogs implements AutoCloseable {
  private final Logger root;
  private final Level before;

  private QuietLogs(Logger root, Level before) {
    this.root = root;
    this.before = before;
  }

  public static QuietLogs unless(boolean verbose) {
    if (verbose || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
      return new QuietLogs(null, null);
    }
    Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Level before = root.getLevel();
    root.setLevel(Level.WARN);
    return new QuietLogs(root, before);
  }

  @Override
  public void close() {
    if (root != null) {
      root.setLevel(before);
    }
  }
}
