package org.seamcache.cli.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;

/**
 * What the demo must undo, undone in reverse order exactly once: on a normal end, on a failure and
 * on Ctrl-C (a shutdown hook). Each step runs even if an earlier one failed. Thread-safe.
 */
public final class Cleanup implements AutoCloseable {

  private record Step(String what, Runnable action) {}

  private final Deque<Step> steps = new ArrayDeque<>();
  private final Thread hook = new Thread(this::onSignal, "seamcache-demo-cleanup");
  private final String command;
  private boolean hooked;
  private volatile boolean interrupted;

  /** For {@code seamcache demo}. */
  public Cleanup() {
    this("seamcache demo");
  }

  /** For another command; {@code command} starts its messages (e.g. "seamcache bench-relay"). */
  public Cleanup(String command) {
    this.command = command;
  }

  /** Also runs everything registered when the JVM is asked to stop (Ctrl-C, SIGTERM). */
  public synchronized Cleanup onSignals() {
    Runtime.getRuntime().addShutdownHook(hook);
    hooked = true;
    return this;
  }

  /** Registers {@code action}; once a signal ran the cleanup, runs it at once (what the command still started must go too). */
  public void add(String what, Runnable action) {
    synchronized (this) {
      if (!interrupted) {
        steps.push(new Step(what, action));
        return;
      }
    }
    action.run();
  }

  /** Deletes {@code dir} and everything under it when the cleanup runs. */
  public void deleteTree(Path dir) {
    add("delete " + dir, () -> delete(dir));
  }

  private static void delete(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (var paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** True once a signal started the cleanup: the demo's own thread should stop talking. */
  public boolean interrupted() {
    return interrupted;
  }

  private void onSignal() {
    interrupted = true;
    System.err.println();
    System.err.println(command + ": stopping; cleaning up");
    runAll();
  }

  private synchronized void runAll() {
    while (!steps.isEmpty()) {
      Step s = steps.pop();
      try {
        s.action().run();
      } catch (RuntimeException e) {
        System.err.println(command + ": could not " + s.what() + ": " + e.getMessage());
      }
    }
  }

  @Override
  public void close() {
    runAll();
    synchronized (this) {
      if (hooked && !interrupted) {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
          // the JVM is already stopping: the hook runs and finds nothing left to do
        }
        hooked = false;
      }
    }
  }
}
