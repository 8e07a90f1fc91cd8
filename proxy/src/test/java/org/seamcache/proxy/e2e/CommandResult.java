package org.seamcache.proxy.e2e;

import java.time.Duration;
import java.util.List;

/**
 * What a finished (or timed-out) external command produced.
 *
 * @param command the argv that ran
 * @param exitCode the exit code, or -1 if the command was killed for running past its timeout
 * @param timedOut true if the command did not finish within its timeout
 * @param stdout everything written to standard output
 * @param stderr everything written to standard error
 * @param elapsed wall time from start to exit (or to the kill)
 */
public record CommandResult(
    List<String> command,
    int exitCode,
    boolean timedOut,
    String stdout,
    String stderr,
    Duration elapsed) {

  /** True if the command exited by itself with status 0. */
  public boolean succeeded() {
    return !timedOut && exitCode == 0;
  }

  /** A description for assertion messages: the command, exit, time and the tail of stderr. */
  public String describe() {
    String tail = stderr.length() > 2000 ? "..." + stderr.substring(stderr.length() - 2000) : stderr;
    return String.join(" ", command)
        + "\n  exit="
        + exitCode
        + (timedOut ? " (TIMED OUT)" : "")
        + " elapsed="
        + elapsed.toMillis()
        + "ms\n  stderr: "
        + tail;
  }
}
