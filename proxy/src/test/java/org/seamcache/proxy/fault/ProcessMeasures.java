package org.seamcache.proxy.fault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * What this JVM holds now: threads, open file descriptors, heap in use after a collection, and
 * established TCP connections to a port (from {@code /proc/net/tcp} and {@code tcp6}). Linux only.
 */
record ProcessMeasures(int threads, long fds, long heapBytes) {

  static ProcessMeasures now() {
    return new ProcessMeasures(ManagementFactory.getThreadMXBean().getThreadCount(), openFds(), heapAfterGc());
  }

  static long openFds() {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Heap in use after asking for full collections (a few, until it stops shrinking). */
  static long heapAfterGc() {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      long now = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      if (now >= used) {
        return now;
      }
      used = now;
    }
    return used;
  }

  /** Established TCP connections whose remote end is {@code port} (e.g. the proxy's legs to its origin). */
  static long establishedTo(int port) {
    return established(port, 3);
  }

  /** Established TCP connections whose local end is {@code port} (e.g. viewers' connections to the proxy). */
  static long establishedAt(int port) {
    return established(port, 2);
  }

  private static long established(int port, int column) {
    long n = 0;
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      List<String> lines;
      try {
        lines = Files.readAllLines(Path.of(table));
      } catch (IOException e) {
        continue; // no IPv6
      }
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.trim().split("\\s+");
        String address = f[column - 1];
        int p = Integer.parseInt(address.substring(address.indexOf(':') + 1), 16);
        if (p == port && f[3].equals("01")) {
          n++;
        }
      }
    }
    return n;
  }
}
