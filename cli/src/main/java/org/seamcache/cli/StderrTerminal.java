package org.seamcache.cli;

import java.io.Console;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether this process's standard error is a terminal. {@code System.console() != null} is not the
 * question: it looks at stdin and stdout, and from JDK 22 on it is non-null even when they are
 * redirected. On Linux the answer is where {@code /proc/self/fd/2} points. Stateless.
 */
final class StderrTerminal {

  private StderrTerminal() {}

  static boolean isTerminal() {
    Path fd2 = Path.of("/proc/self/fd/2");
    try {
      return isTerminalDevice(Files.readSymbolicLink(fd2).toString());
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return consoleIsTerminal(); // no /proc (not Linux): the best the JDK can tell
    }
  }

  /** Terminal devices: pseudo-terminals, virtual consoles, serial lines. */
  static boolean isTerminalDevice(String target) {
    return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
  }

  private static boolean consoleIsTerminal() {
    Console c = System.console();
    if (c == null) {
      return false;
    }
    try { // JDK 22+: a Console exists even when redirected; isTerminal() says whether it is one
      return (Boolean) Console.class.getMethod("isTerminal").invoke(c);
    } catch (ReflectiveOperationException e) {
      return true; // JDK 17-21: a Console exists only for a terminal
    }
  }
}
