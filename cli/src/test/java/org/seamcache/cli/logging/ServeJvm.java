package org.seamcache.cli.logging;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.seamcache.cli.SeamcacheCommand;

/**
 * {@code seamcache serve} (or any command) in its own JVM, as the launcher runs it: its stdout
 * (the READY line) and its stderr (the log) kept apart, stderr collected line by line.
 */
public final class ServeJvm implements AutoCloseable {
  private static final Pattern READY = Pattern.compile("READY rtsp=(\\d+) admin=(-?\\d+)");

  private final Process process;
  private final List<String> stderr = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Matcher> ready = new CompletableFuture<>();
  private final CompletableFuture<Void> stderrDone;

  private ServeJvm(Process process) {
    this.process = process;
    CompletableFuture.runAsync(() -> {
      try (BufferedReader r = reader(process.getInputStream())) {
        for (String line; (line = r.readLine()) != null; ) {
          Matcher m = READY.matcher(line);
          if (m.find()) {
            ready.complete(m);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } finally {
        ready.completeExceptionally(new IllegalStateException("ended before READY"));
      }
    });
    stderrDone = CompletableFuture.runAsync(() -> {
      try (BufferedReader r = reader(process.getErrorStream())) {
        for (String line; (line = r.readLine()) != null; ) {
          stderr.add(line);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  private static BufferedReader reader(java.io.InputStream in) {
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
  }

  /** Runs {@code seamcache ARGS} with this JVM's module flags (Chronicle needs them) and nothing else of surefire's. */
  public static ServeJvm start(String... args) throws IOException {
    Process p = new ProcessBuilder(command(args)).start();
    p.getOutputStream().close();
    return new ServeJvm(p);
  }

  /** The command line of {@code seamcache ARGS} in a JVM of its own, as {@link #start} runs it. */
  public static List<String> command(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-") || arg.startsWith("--enable-native-access") || arg.startsWith("--sun-misc") || arg.startsWith("-Dchronicle")) {
        cmd.add(arg);
      }
    }
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), SeamcacheCommand.class.getName()));
    cmd.addAll(List.of(args));
    return cmd;
  }

  public int rtspPort() throws Exception {
    return Integer.parseInt(awaitReady().group(1));
  }

  public int adminPort() throws Exception {
    return Integer.parseInt(awaitReady().group(2));
  }

  private Matcher awaitReady() throws Exception {
    try {
      return ready.get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("no READY line; stderr:\n" + String.join("\n", stderr), e);
    }
  }

  /** The log lines so far. */
  public List<String> log() {
    return List.copyOf(stderr);
  }

  /** The first log line that matches, waiting for it up to {@code timeout}. */
  public String awaitLine(Predicate<String> wanted, Duration timeout) {
    try {
      return org.awaitility.Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(50))
          .until(() -> stderr.stream().filter(wanted).findFirst().orElse(null), java.util.Objects::nonNull);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError("no such log line within " + timeout + "; log:\n" + String.join("\n", stderr));
    }
  }

  /** SIGTERM, then the exit code once the process and its stderr ended. */
  /** Sends the process a signal by name (HUP, TERM...). */
  public void signal(String name) throws Exception {
    Process kill = new ProcessBuilder("kill", "-s", name, Long.toString(process.pid())).inheritIO().start();
    if (kill.waitFor() != 0) {
      throw new AssertionError("kill -s " + name + " failed");
    }
  }

  /** SIGKILL (kill -9): no shutdown of any kind; returns once the process is gone. */
  public void kill() throws Exception {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("survived SIGKILL");
    }
  }

  public int stop() throws Exception {
    process.toHandle().destroy(); // Process.destroy() would also close the pipes, losing the last lines
    return awaitExit();
  }

  public int awaitExit() throws Exception {
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("still running; log:\n" + String.join("\n", stderr));
    }
    stderrDone.get(10, TimeUnit.SECONDS);
    return process.exitValue();
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
