package org.seamcache.cli.logging;

import java.util.Properties;
import org.seamcache.proxy.admin.LogLevels;
import picocli.CommandLine.Option;

/**
 * {@code serve}'s log options and config keys ({@code log-level}, {@code log-format}): checked and
 * applied to the log backend before the proxy starts. A Picocli mixin; one per invocation.
 */
public final class LogOptions {

  @Option(names = "--log-level", defaultValue = "info", paramLabel = "LEVEL",
      description = "error, warn, info, debug or trace (default ${DEFAULT-VALUE}); POST /log-level?logger=NAME&level=LEVEL on the admin port changes one logger's level while running.")
  String level;

  @Option(names = "--log-format", defaultValue = "text", paramLabel = "FORMAT",
      description = "text (timestamped lines) or json (one object per line, for log shippers) (default ${DEFAULT-VALUE}).")
  String format;

  /** Where each value came from, for the message about a bad one. */
  private String levelFrom = "--log-level";
  private String formatFrom = "--log-format";

  /** Takes the config file's values for options the command line left at their default. */
  public void fillFrom(Properties file) {
    if (level.equals("info") && file.getProperty("log-level") != null) {
      level = file.getProperty("log-level").trim();
      levelFrom = "config log-level";
    }
    if (format.equals("text") && file.getProperty("log-format") != null) {
      format = file.getProperty("log-format").trim();
      formatFrom = "config log-format";
    }
  }

  /**
   * Sets the log backend up as asked; null when done, else the one-line problem (a usage error):
   * nothing is changed then.
   */
  public String apply() {
    var l = LogbackSetup.level(level);
    if (l == null) {
      return named(levelFrom, level) + " is not a level; one of " + LogbackSetup.LEVEL_NAMES;
    }
    if (!format.equals("text") && !format.equals("json")) {
      return named(formatFrom, format) + " is not a log format; text or json";
    }
    LogbackSetup.apply(l, format.equals("json"));
    return null;
  }

  private static String named(String from, String value) {
    return from.startsWith("--") ? from + " '" + value + "'" : from + "=" + value;
  }

  /** What {@code POST /log-level} changes: Logback's loggers, unless the operator configured Logback by file. */
  public LogLevels levels() {
    return LogbackSetup.steerable() ? new LogbackLevels() : LogLevels.UNAVAILABLE;
  }
}
