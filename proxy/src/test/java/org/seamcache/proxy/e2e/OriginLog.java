package org.seamcache.proxy.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The lines an origin process printed (stdout and stderr merged), plus harness notes, and waiting
 * for lines to appear: the {@code READY} line at start-up, and RTSP requests logged by {@code
 * origin.py --log} ({@code HH:MM:SS peer METHOD uri}).
 *
 * <p>Thread-safe: one reader thread per process appends; any thread reads and waits (guarded by
 * this object's monitor).
 */
final class OriginLog {
  private static final Pattern REQUEST =
      Pattern.compile("\\d\\d:\\d\\d:\\d\\d \\S+ (DESCRIBE|SETUP|PLAY|PAUSE|TEARDOWN) .*");

  private final List<String> lines = new ArrayList<>();

  synchronized void add(String line) {
    lines.add(line);
    notifyAll(); // wakes awaitRequests
  }

  synchronized void clear() {
    lines.clear();
  }

  synchronized String text() {
    return String.join("\n", lines);
  }

  synchronized List<String> requests() {
    return lines.stream().filter(l -> REQUEST.matcher(l).matches()).toList();
  }

  /** Waits for {@code count} logged requests of {@code method}; fails with the whole log after {@code timeout}. */
  synchronized void awaitRequests(String method, int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (requestCount(method) < count) {
      long leftMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (leftMillis <= 0) {
        throw new IllegalStateException(
            "origin logged " + requestCount(method) + " " + method + " requests, wanted " + count
                + " within " + timeout + "\n--- origin log ---\n" + text());
      }
      try {
        wait(leftMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + method, e);
      }
    }
  }

  /**
   * Starts a daemon thread copying {@code output} into this log; the returned future completes with
   * the {@code READY} line, or fails when the output ends without one.
   */
  CompletableFuture<String> follow(InputStream output, String threadName) {
    CompletableFuture<String> ready = new CompletableFuture<>();
    Thread reader = new Thread(() -> pump(output, ready), threadName);
    reader.setDaemon(true);
    reader.start();
    return ready;
  }

  private void pump(InputStream output, CompletableFuture<String> ready) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        add(line);
        if (line.startsWith("READY ")) {
          ready.complete(line);
        }
      }
    } catch (IOException e) {
      add("[harness] reading origin output failed: " + e);
    }
    ready.completeExceptionally(new IllegalStateException("origin exited before READY"));
  }

  private long requestCount(String method) {
    return requests().stream().filter(l -> l.contains(" " + method + " ")).count();
  }
}
