package org.seamcache.cli.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A program the demo started, with its output (stdout and stderr merged) kept as its last lines,
 * stopped by its own PID (and its descendants') and nothing else. Thread-safe.
 */
public final class ChildProcess {
  private static final int KEPT_LINES = 20;

  private final String name;
  private final Process process;
  private final Deque<String> tail = new ArrayDeque<>();

  private ChildProcess(String name, Process process) {
    this.name = name;
    this.process = process;
  }

  /** Starts {@code argv}, handing every output line to {@code onLine} (from a reader thread), and stops it at cleanup. */
  public static ChildProcess start(String name, List<String> argv, Cleanup cleanup, Consumer<String> onLine) throws IOException {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    ChildProcess child = new ChildProcess(name, p);
    cleanup.add("stop " + name + " (pid " + p.pid() + ")", () -> child.stop(Duration.ofSeconds(3)));
    Thread reader = new Thread(() -> child.read(onLine), name + "-output");
    reader.setDaemon(true);
    reader.start();
    return child;
  }

  private void read(Consumer<String> onLine) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        synchronized (this) {
          tail.addLast(line);
          if (tail.size() > KEPT_LINES) {
            tail.removeFirst();
          }
        }
        onLine.accept(line);
      }
    } catch (IOException e) {
      // the process is gone; what it wrote is in tail
    }
  }

  public long pid() {
    return process.pid();
  }

  public String name() {
    return name;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Waits up to {@code timeout} for it to end; its exit code, or null if it still runs. */
  public Integer waitFor(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : null;
  }

  /** Its last lines of output, for saying why it failed. */
  public synchronized String lastOutput() {
    return String.join("\n", tail);
  }

  /** SIGTERM to it and its descendants, SIGKILL to whatever is left after {@code grace}. Idempotent. */
  public void stop(Duration grace) {
    List<ProcessHandle> all = new java.util.ArrayList<>(process.descendants().toList());
    all.add(process.toHandle());
    all.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + grace.toNanos();
    for (ProcessHandle h : all) {
      long left = deadline - System.nanoTime();
      try {
        h.onExit().get(Math.max(1, left), TimeUnit.NANOSECONDS);
      } catch (Exception e) {
        h.destroyForcibly();
      }
    }
  }
}
