package org.seamcache.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * The signals {@code serve} answers: SIGTERM (systemd's stop) and SIGINT (Ctrl-C) start a graceful
 * stop, after which the process exits 0; SIGHUP (systemctl reload) reloads the configuration. Handled here rather than by a shutdown hook: a JVM ended by a signal exits 143, and a
 * hook cannot wait for viewers to leave without holding up the exit unboundedly.
 */
final class StopSignals {
  private static final Logger log = LoggerFactory.getLogger(StopSignals.class);

  private StopSignals() {}

  static void install(Runnable stop, Runnable reload) {
    for (String name : new String[] {"TERM", "INT"}) {
      handle(name, () -> {
        log.info("SIG{}: stopping", name);
        stop.run();
      });
    }
    handle("HUP", () -> {
      try {
        reload.run();
      } catch (RuntimeException e) {
        log.warn("SIGHUP: configuration not reloaded: {}", e.toString()); // the running one stays
      }
    });
  }

  private static void handle(String name, Runnable action) {
    try {
      Signal.handle(new Signal(name), sig -> action.run());
    } catch (IllegalArgumentException e) {
      // the JVM was started with -Xrs or the platform lacks the signal: the default behaviour stays
      log.debug("cannot handle SIG{}: {}", name, e.getMessage());
    }
  }
}
