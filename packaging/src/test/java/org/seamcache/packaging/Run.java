package org.seamcache.packaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command to completion and keeps what it printed; kills it (by PID) if it overruns. */
record Run(int exit, String out, String err) {

  static Run of(String... cmd) throws IOException, InterruptedException {
    return of(null, Map.of(), List.of(cmd));
  }

  static Run of(Path dir, Map<String, String> env, List<String> cmd) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd);
    if (dir != null) {
      pb.directory(dir.toFile());
    }
    env.forEach(
        (k, v) -> {
          if (v == null) {
            pb.environment().remove(k);
          } else {
            pb.environment().put(k, v);
          }
        });
    Process p = pb.start();
    p.getOutputStream().close();
    // Drain stderr on its own thread so that neither pipe can fill and stall the child.
    var err = new java.util.concurrent.CompletableFuture<String>();
    Thread drain =
        new Thread(
            () -> {
              try {
                err.complete(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
              } catch (IOException e) {
                err.complete("(stderr unreadable: " + e + ")");
              }
            });
    drain.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("timed out: " + cmd);
    }
    drain.join();
    return new Run(p.exitValue(), out, err.join());
  }

  /** This run, asserted to have exited 0; its stdout. */
  String ok() {
    if (exit != 0) {
      throw new AssertionError("exit " + exit + "\nstdout: " + out + "\nstderr: " + err);
    }
    return out;
  }
}
