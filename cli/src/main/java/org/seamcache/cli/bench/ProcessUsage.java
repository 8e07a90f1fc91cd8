package org.seamcache.cli.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * CPU time and memory of one process as Linux reports them in {@code /proc/PID}: CPU is the
 * process's utime and stime, which count all its threads, ended ones included. Stateless.
 */
final class ProcessUsage {
  /** Where utime sits among the fields after the command name's closing parenthesis (stat field 14; field 3 is index 0). */
  private static final int UTIME_AFTER_NAME = 11;
  private static final int DEFAULT_TICKS_PER_SECOND = 100;

  /** CPU seconds spent in user space and in the kernel. Immutable. */
  record Cpu(double userSeconds, double systemSeconds) {
    double totalSeconds() {
      return userSeconds + systemSeconds;
    }

    Cpu minus(Cpu earlier) {
      return new Cpu(userSeconds - earlier.userSeconds, systemSeconds - earlier.systemSeconds);
    }
  }

  /** Resident set now and its peak (VmRSS, VmHWM), in KiB. Immutable. */
  record Memory(long rssKib, long peakRssKib) {}

  private final int ticksPerSecond;

  private ProcessUsage(int ticksPerSecond) {
    this.ticksPerSecond = ticksPerSecond;
  }

  /** With this machine's clock tick (getconf CLK_TCK; 100, Linux's usual value, if that cannot run). */
  static ProcessUsage onThisMachine() {
    return new ProcessUsage(clockTicks());
  }

  Cpu cpu(long pid) {
    return parseStat(read(pid, "stat"), ticksPerSecond);
  }

  Memory memory(long pid) {
    return parseStatus(read(pid, "status"));
  }

  /** Reads {@code /proc/PID/stat}; the command name may hold blanks and parentheses, so fields count from its last ')'. */
  static Cpu parseStat(String stat, int ticksPerSecond) {
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" +");
    long utime = Long.parseLong(f[UTIME_AFTER_NAME]);
    long stime = Long.parseLong(f[UTIME_AFTER_NAME + 1]);
    return new Cpu((double) utime / ticksPerSecond, (double) stime / ticksPerSecond);
  }

  static Memory parseStatus(String status) {
    return new Memory(kib(status, "VmRSS:"), kib(status, "VmHWM:"));
  }

  private static long kib(String status, String key) {
    return status.lines().filter(l -> l.startsWith(key)).findFirst()
        .map(l -> Long.parseLong(l.substring(key.length()).replace("kB", "").trim()))
        .orElseThrow(() -> new IllegalStateException("no " + key + " in /proc/PID/status"));
  }

  private static String read(long pid, String file) {
    try {
      return Files.readString(Path.of("/proc", Long.toString(pid), file), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read /proc/" + pid + "/" + file + " (has the process ended?)", e);
    }
  }

  private static int clockTicks() {
    try {
      Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return DEFAULT_TICKS_PER_SECOND;
      }
      return Integer.parseInt(new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim());
    } catch (IOException | NumberFormatException e) {
      return DEFAULT_TICKS_PER_SECOND;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return DEFAULT_TICKS_PER_SECOND;
    }
  }
}
