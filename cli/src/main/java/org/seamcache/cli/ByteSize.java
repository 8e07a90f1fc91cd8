package org.seamcache.cli;

import java.util.Locale;

/** Parses sizes like {@code 20g}, {@code 500m}, {@code 64k} or plain bytes (binary multiples). */
final class ByteSize {
  private ByteSize() {}

  static long parse(String text) {
    String s = text.trim().toLowerCase(Locale.ROOT);
    if (s.endsWith("b")) {
      s = s.substring(0, s.length() - 1);
    }
    int shift = 0;
    if (!s.isEmpty()) {
      switch (s.charAt(s.length() - 1)) {
        case 'k' -> shift = 10;
        case 'm' -> shift = 20;
        case 'g' -> shift = 30;
        case 't' -> shift = 40;
        default -> shift = -1;
      }
      if (shift >= 0) {
        s = s.substring(0, s.length() - 1);
      } else {
        shift = 0;
      }
    }
    try {
      long n = Long.parseLong(s);
      if (n < 0 || (shift > 0 && n > (Long.MAX_VALUE >> shift))) {
        throw new NumberFormatException();
      }
      return n << shift;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is not a size (examples: 20g, 500m, 64k, 1048576)");
    }
  }
}
