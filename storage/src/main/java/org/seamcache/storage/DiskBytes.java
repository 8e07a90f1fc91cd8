package org.seamcache.storage;

import java.util.Locale;

/**
 * A disk size as operators write it: {@code 20g}, {@code 512m}, {@code 1.5t}, {@code 1048576}
 * (powers of 1024; a trailing {@code b}/{@code ib} is accepted, so {@code 20GiB} and {@code 20gb}
 * mean the same). Immutable.
 */
public record DiskBytes(long bytes) {

  public DiskBytes {
    if (bytes < 0) {
      throw new IllegalArgumentException("a disk size cannot be negative, was " + bytes);
    }
  }

  /** @throws IllegalArgumentException naming the accepted forms if {@code text} is not one */
  public static DiskBytes parse(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT).replace("_", "");
    if (t.endsWith("ib")) {
      t = t.substring(0, t.length() - 2);
    } else if (t.endsWith("b")) {
      t = t.substring(0, t.length() - 1);
    }
    int shift = 0;
    if (!t.isEmpty()) {
      switch (t.charAt(t.length() - 1)) {
        case 'k' -> shift = 10;
        case 'm' -> shift = 20;
        case 'g' -> shift = 30;
        case 't' -> shift = 40;
        default -> shift = -1;
      }
      if (shift >= 0) {
        t = t.substring(0, t.length() - 1);
      } else {
        shift = 0;
      }
    }
    try {
      double value = Double.parseDouble(t);
      double bytes = value * (1L << shift);
      if (!(value >= 0) || bytes > Long.MAX_VALUE) {
        throw new NumberFormatException();
      }
      return new DiskBytes((long) bytes);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a disk size: use a number of bytes or a number with k, m, g or t (powers of 1024), e.g. 20g");
    }
  }
}
