package org.seamcache.proxy.route;

/**
 * Recognises IPv4 addresses written in a form that programs read differently: {@code 0177.0.0.1}
 * is 177.0.0.1 to the JDK but 127.0.0.1 to the C resolver (inet_aton reads a leading 0 as octal),
 * and {@code 0x7f.1}, {@code 127.1} or {@code 2130706433} are addresses to the C resolver that the
 * JDK reads differently or not at all. The proxy refuses such forms instead of guessing: the only
 * numeric form it takes is four decimal parts 0-255 without leading zeros. Stateless.
 */
final class AmbiguousIpv4 {

  private AmbiguousIpv4() {}

  /**
   * True if {@code host} (or, in an IPv6 literal, its dotted IPv4 tail) is made only of parts
   * inet_aton would read as numbers, but is not a plain dotted quad.
   */
  static boolean is(String host) {
    String h = host;
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    if (h.contains(":")) {
      String tail = h.substring(h.lastIndexOf(':') + 1);
      return tail.contains(".") && !isDottedQuad(tail);
    }
    boolean trailingDot = h.endsWith(".");
    if (trailingDot) {
      h = h.substring(0, h.length() - 1); // not a literal to the JDK, which hands it to the C resolver
    }
    String[] parts = h.split("\\.", -1);
    if (parts.length > 4) {
      return false;
    }
    for (String p : parts) {
      if (!isInetAtonNumber(p)) {
        return false; // a name
      }
    }
    return trailingDot || !isDottedQuad(h);
  }

  private static boolean isInetAtonNumber(String part) {
    if (part.length() > 2 && (part.startsWith("0x") || part.startsWith("0X"))) {
      return part.substring(2).chars().allMatch(c -> Character.digit(c, 16) >= 0);
    }
    if (part.equalsIgnoreCase("0x")) {
      return true; // inet_aton takes a bare 0x as 0
    }
    return !part.isEmpty() && part.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  /** Four decimal parts 0-255, none with a leading zero. */
  static boolean isDottedQuad(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return false;
      }
      if (p.length() > 1 && p.charAt(0) == '0') {
        return false;
      }
      if (Integer.parseInt(p) > 255) {
        return false;
      }
    }
    return true;
  }
}
