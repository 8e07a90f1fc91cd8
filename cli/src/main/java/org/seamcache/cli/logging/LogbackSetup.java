package org.seamcache.cli.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import java.util.List;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * Sets up Logback, configured first from {@code logback.xml} in the jar, for {@code serve}'s
 * options: the root level and, for JSON, the console appender's encoder. Leaves alone a setup the
 * operator chose with {@code -Dlogback.configurationFile}. Stateless.
 */
final class LogbackSetup {
  /** The appender logback.xml defines. */
  static final String CONSOLE = "CONSOLE";
  /** Libraries whose INFO (and DEBUG) lines describe their insides, not the proxy's work: WARN at least. */
  static final List<String> QUIET = List.of("net.openhft", "io.netty", "org.apache.zookeeper", "org.apache.curator");
  /**
   * ZooKeeper's connection thread warns on every reconnect attempt, about once a second while the
   * engine is away; the cluster's own lines say it once (unreachable, lost, connected): ERROR at least.
   */
  static final String ENGINE_CONNECTION = "org.apache.zookeeper.ClientCnxn";
  static final String LEVEL_NAMES = "error, warn, info, debug, trace";

  private LogbackSetup() {}

  /** Whether this process logs through Logback set up by the jar's logback.xml. */
  static boolean steerable() {
    return LoggerFactory.getILoggerFactory() instanceof LoggerContext && System.getProperty("logback.configurationFile") == null;
  }

  static LoggerContext context() {
    return (LoggerContext) LoggerFactory.getILoggerFactory();
  }

  /** The level named (case-insensitive), or null. */
  static Level level(String name) {
    return switch (name.strip().toLowerCase(Locale.ROOT)) {
      case "error" -> Level.ERROR;
      case "warn" -> Level.WARN;
      case "info" -> Level.INFO;
      case "debug" -> Level.DEBUG;
      case "trace" -> Level.TRACE;
      default -> null;
    };
  }

  static void apply(Level level, boolean json) {
    if (!steerable()) {
      return;
    }
    LoggerContext ctx = context();
    Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(level);
    for (String name : QUIET) {
      ctx.getLogger(name).setLevel(level.isGreaterOrEqual(Level.WARN) ? level : Level.WARN);
    }
    ctx.getLogger(ENGINE_CONNECTION).setLevel(Level.ERROR);
    if (json) {
      Appender<ILoggingEvent> text = root.getAppender(CONSOLE);
      ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
      appender.setContext(ctx);
      appender.setName(CONSOLE);
      appender.setTarget("System.err");
      JsonLineEncoder encoder = new JsonLineEncoder();
      encoder.setContext(ctx);
      encoder.start();
      appender.setEncoder(encoder);
      appender.start();
      root.addAppender(appender);
      if (text != null) {
        root.detachAppender(text);
        text.stop();
      }
    }
  }
}
