package org.seamcache.cli.logging;

import org.seamcache.proxy.admin.LogLevels;
import picocli.CommandLine.Option;

/**
 * {@code serve}'s log options (config keys {@code log-level}, {@code log-format}, like every option):
 * checked, then applied to the log backend before the proxy starts. A Picocli mixin; one per invocation.
 */
public final class LogOptions {

  @Option(names = "--log-level", defaultValue = "info", paramLabel = "LEVEL",
      description = "error, warn, info, debug or trace (default ${DEFAULT-VALUE}); POST /log-level?logger=NAME&level=LEVEL on the admin port changes one logger's level while running.")
  String level;

  @Option(names = "--log-format", defaultValue = "text", paramLabel = "FORMAT",
      description = "text (timestamped lines) or json (one object per line, for log shippers) (default ${DEFAULT-VALUE}).")
  String format;

  public String level() {
    return level;
  }

  public String format() {
    return format;
  }

  /** Null if the level is one, else what is allowed. */
  public String levelProblem() {
    return LogbackSetup.level(level) == null ? "not a level; one of " + LogbackSetup.LEVEL_NAMES : null;
  }

  /** Null if the format is one, else what is allowed. */
  public String formatProblem() {
    return format.equals("text") || format.equals("json") ? null : "not a log format; text or json";
  }

  /** Sets the log backend up as asked (check {@link #levelProblem()} and {@link #formatProblem()} first). */
  public void apply() {
    LogbackSetup.apply(LogbackSetup.level(level), format.equals("json"));
  }

  /** What {@code POST /log-level} changes: Logback's loggers, unless the operator configured Logback by file. */
  public LogLevels levels() {
    return LogbackSetup.steerable() ? new LogbackLevels() : LogLevels.UNAVAILABLE;
  }
}
