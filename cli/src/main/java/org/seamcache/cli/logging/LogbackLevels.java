package org.seamcache.cli.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.seamcache.proxy.admin.LogLevels;
import org.slf4j.LoggerFactory;

/** {@code POST /log-level} on Logback: sets one logger's level. Thread-safe (Logback's loggers are). */
final class LogbackLevels implements LogLevels {
  private static final org.slf4j.Logger log = LoggerFactory.getLogger(LogbackLevels.class);

  @Override
  public Change set(String logger, String level) {
    Level wanted = LogbackSetup.level(level);
    if (wanted == null) {
      throw new IllegalArgumentException("unknown level '" + level + "'; one of " + LogbackSetup.LEVEL_NAMES);
    }
    if (!logger.matches("[A-Za-z0-9_.$-]{1,200}")) {
      throw new IllegalArgumentException("a logger name is a dotted name such as org.seamcache.proxy or seamcache.access, or root");
    }
    Logger l = LogbackSetup.context().getLogger(logger.equalsIgnoreCase("root") ? Logger.ROOT_LOGGER_NAME : logger);
    Level before = l.getEffectiveLevel();
    l.setLevel(wanted);
    Change change = new Change(l.getName(), before.toString(), wanted.toString());
    log.info("log level changed: {}", change);
    return change;
  }
}
