package org.seamcache.proxy.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs an external command to completion within a time bound and captures its output.
 *
 * <p>Output goes to temporary files rather than pipes, so a chatty command can never block on a full
 * pipe while we wait for it. A command that overruns gets SIGTERM, then SIGKILL two seconds later.
 *
 * <p>Stateless and thread-safe: every call owns its process and files.
 */
public final class CommandRunner {
  private static final Duration KILL_GRACE = Duration.ofSeconds(2);

  // Clients started in the background wait on a process; they must not queue behind each other, as
  // they would in the common ForkJoin pool (one thread on a two-core machine).
  private static final ExecutorService BACKGROUND =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "e2e-client");
            t.setDaemon(true);
            return t;
          });

  private CommandRunner() {}

  /** Runs {@code command} with {@code prefix} in front (e.g. {@code ip netns exec NAME}). */
  public static CommandResult run(List<String> prefix, List<String> command, Duration timeout) {
    List<String> argv = new ArrayList<>(prefix);
    argv.addAll(command);
    return run(argv, timeout);
  }

  /** Runs {@code argv}, waiting at most {@code timeout}. */
  public static CommandResult run(List<String> argv, Duration timeout) {
    Path out = null;
    Path err = null;
    try {
      out = Files.createTempFile("e2e-out", ".txt");
      err = Files.createTempFile("e2e-err", ".txt");
      long startNanos = System.nanoTime();
      Process p =
          new ProcessBuilder(argv)
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      boolean finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!finished) {
        stop(p);
      }
      Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
      return new CommandResult(
          List.copyOf(argv),
          finished ? p.exitValue() : -1,
          !finished,
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8),
          elapsed);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot run " + String.join(" ", argv) + " (is it installed? .ci/run installs: "
              + OriginPrerequisites.PACKAGES + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + String.join(" ", argv), e);
    } finally {
      deleteQuietly(out);
      deleteQuietly(err);
    }
  }

  /** Runs {@code client} (e.g. {@code capture::capture}) on its own thread, so several clients overlap. */
  public static <T> CompletableFuture<T> async(Supplier<T> client) {
    return CompletableFuture.supplyAsync(client, BACKGROUND);
  }

  /** SIGTERM, then SIGKILL if the process is still there after a grace period. */
  static void stop(Process p) throws InterruptedException {
    p.destroy();
    if (!p.waitFor(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      p.waitFor(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private static void deleteQuietly(Path p) {
    if (p != null) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException ignored) {
        // a leftover temp file is harmless
      }
    }
  }
}
