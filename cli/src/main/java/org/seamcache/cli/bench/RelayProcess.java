package org.seamcache.cli.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.seamcache.cli.demo.ChildProcess;
import org.seamcache.cli.demo.Cleanup;
import org.seamcache.cli.demo.DemoPorts;

/**
 * One relay under test running as the bench's child process for one repetition, stopped by its
 * PID (and its descendants') at the end, on a failure and on Ctrl-C. Thread-safe.
 */
final class RelayProcess {
  private static final Pattern READY = Pattern.compile("READY rtsp=(\\d+)");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration POLL = Duration.ofMillis(100);
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);

  private final ChildProcess child;
  private final URI url;

  private RelayProcess(ChildProcess child, URI url) {
    this.child = child;
    this.url = url;
  }

  static RelayProcess start(RelayUnderTest relay, URI originLive, Path work, int maxSessions, Cleanup cleanup)
      throws IOException, InterruptedException {
    Path data = Files.createTempDirectory(work, relay.name() + "-data-");
    int port = relay.seamcacheServe() ? 0 : DemoPorts.freeTcpPort();
    CompletableFuture<Integer> ready = new CompletableFuture<>();
    ChildProcess child = ChildProcess.start(relay.name(), relay.argv(port, originLive.toString(), data.toString(), maxSessions), cleanup,
        line -> {
          Matcher m = READY.matcher(line);
          if (m.find()) {
            ready.complete(Integer.valueOf(m.group(1)));
          }
        });
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    try {
      while (true) {
        if (!child.isAlive()) {
          throw new IOException(relay.name() + " ended at start: " + child.lastOutput());
        }
        if (System.nanoTime() > deadline) {
          throw new IOException(relay.name() + " was not ready within " + START_TIMEOUT.toSeconds() + " s: " + child.lastOutput());
        }
        if (relay.seamcacheServe() && ready.isDone()) {
          port = ready.join();
          break;
        }
        if (!relay.seamcacheServe() && accepts(port)) {
          break;
        }
        Thread.sleep(POLL.toMillis()); // a bounded poll of a child's start-up, not a measured wait
      }
    } catch (IOException | InterruptedException | RuntimeException e) {
      child.stop(STOP_GRACE);
      throw e;
    }
    return new RelayProcess(child, URI.create(relay.url(port, originLive)));
  }

  private static boolean accepts(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  URI url() {
    return url;
  }

  long pid() {
    return child.pid();
  }

  boolean isAlive() {
    return child.isAlive();
  }

  String lastOutput() {
    return child.lastOutput();
  }

  /** What runs as this PID now (a launcher has exec'd java by then), the class path shortened. */
  String commandLine() {
    try {
      byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid()), "cmdline"));
      List<String> args = new ArrayList<>(List.of(new String(raw, StandardCharsets.UTF_8).split("\0")));
      for (int i = 0; i + 1 < args.size(); i++) {
        if (args.get(i).equals("-cp") || args.get(i).equals("-classpath")) {
          args.set(i + 1, "<class path of " + args.get(i + 1).split(java.io.File.pathSeparator).length + " entries>");
        }
      }
      return String.join(" ", args);
    } catch (IOException e) {
      return "(unknown: " + e.getMessage() + ")";
    }
  }

  void stop() {
    child.stop(STOP_GRACE);
  }
}
