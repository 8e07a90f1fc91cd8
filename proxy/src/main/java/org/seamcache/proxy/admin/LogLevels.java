package org.seamcache.proxy.admin;

/**
 * Changes a logger's level while the proxy runs ({@code POST /log-level} on the admin port). The
 * proxy only speaks SLF4J, which cannot set levels; the launcher passes in an implementation for
 * the backend it runs on.
 */
public interface LogLevels {

  /** What a change did: the logger's effective level before and after. */
  record Change(String logger, String before, String after) {
    @Override
    public String toString() {
      return logger + ": " + before + " -> " + after;
    }
  }

  /**
   * Sets {@code logger} ("root" for the root logger) to {@code level}.
   *
   * @throws IllegalArgumentException naming what is allowed, for an unknown level or a bad name
   * @throws UnsupportedOperationException when levels cannot be changed in this process
   */
  Change set(String logger, String level);

  /** For a proxy started without a log backend it can steer (tests, embedding). */
  LogLevels UNAVAILABLE =
      (logger, level) -> {
        throw new UnsupportedOperationException("log levels cannot be changed in this process");
      };
}
