package org.seamcache.packaging;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code seamcache serve} started by a test: waits for its "READY rtsp=N admin=M" line and stops it
 * by PID. The JVM may run below a wrapper (runuser), so stopping signals the java process itself.
 */
final class ServeProcess implements AutoCloseable {

  private static final Pattern READY = Pattern.compile("READY rtsp=(\\d+) admin=(-?\\d+)");

  private final Process process;
  private final StringBuffer output = new StringBuffer();
  private final CompletableFuture<Matcher> ready = new CompletableFuture<>();

  private ServeProcess(Process process) {
    this.process = process;
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                  output.append(line).append('\n');
                  Matcher m = READY.matcher(line);
                  if (m.find()) {
                    ready.complete(m);
                  }
                }
              } catch (IOException e) {
                output.append("(output unreadable: ").append(e).append(")\n");
              }
              ready.completeExceptionally(new IllegalStateException("serve ended before READY:\n" + output));
            },
            "serve-output");
    reader.setDaemon(true);
    reader.start();
  }

  static ServeProcess start(Path dir, List<String> cmd) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    if (dir != null) {
      pb.directory(dir.toFile());
    }
    Process p = pb.start();
    p.getOutputStream().close();
    return new ServeProcess(p);
  }

  /** The RTSP port from the READY line; fails with everything the process printed if it never got there. */
  int awaitReady() throws Exception {
    try {
      return Integer.parseInt(ready.get(90, TimeUnit.SECONDS).group(1));
    } catch (TimeoutException e) {
      throw new AssertionError("no READY line within 90 s:\n" + output, e);
    }
  }

  int adminPort() throws Exception {
    return Integer.parseInt(ready.get().group(2));
  }

  String output() {
    return output.toString();
  }

  /** The java process: this process when started directly, else the descendant running java. */
  ProcessHandle jvm() {
    Optional<ProcessHandle> java = process.descendants().filter(h -> h.info().command().map(c -> c.endsWith("/java")).orElse(false)).findFirst();
    return java.orElse(process.toHandle());
  }

  /** SIGTERM to the JVM by PID, then waits for the whole process tree; SIGKILL by PID if it hangs. */
  @Override
  public void close() throws InterruptedException {
    ProcessHandle jvm = jvm();
    jvm.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      jvm.destroyForcibly();
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  boolean alive() {
    return process.isAlive() || jvm().isAlive();
  }

  int exitValue() {
    return process.exitValue();
  }
}
