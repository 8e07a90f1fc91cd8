package org.seamcache.cli;

import java.util.Locale;

/** Sizes, durations and ratios as people read them in tables. Stateless. */
final class HumanUnits {

  private HumanUnits() {}

  static String bytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }

  /** h:mm:ss.s */
  static String duration(long nanos) {
    long tenths = Math.max(0, nanos) / 100_000_000L;
    long seconds = tenths / 10;
    return String.format(Locale.ROOT, "%d:%02d:%02d.%d", seconds / 3600, seconds / 60 % 60, seconds % 60, tenths % 10);
  }

  static String percent(double ratio) {
    return String.format(Locale.ROOT, "%.2f%%", ratio * 100);
  }
}
