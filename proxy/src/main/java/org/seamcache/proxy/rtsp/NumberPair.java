package org.seamcache.proxy.rtsp;

/** Reads {@code n} or {@code n-m} of small decimal numbers, shared by port ranges and interleaved channels. */
final class NumberPair {

  private NumberPair() {}

  /** Returns {first, last}, or null if the text is not {@code n} or {@code n-m} with 0 <= n <= m <= max. */
  static int[] parse(String text, int max) {
    int dash = text.indexOf('-');
    String a = dash < 0 ? text : text.substring(0, dash);
    String b = dash < 0 ? text : text.substring(dash + 1);
    int first = parseBounded(a, max);
    int last = parseBounded(b, max);
    if (first < 0 || last < first) {
      return null;
    }
    return new int[] {first, last};
  }

  /** A decimal number of 1-9 ASCII digits that is at most {@code max}, or -1. */
  static int parseBounded(String digits, int max) {
    if (digits.isEmpty() || digits.length() > 9) {
      return -1;
    }
    int value = 0;
    for (int i = 0; i < digits.length(); i++) {
      char c = digits.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value <= max ? value : -1;
  }
}
