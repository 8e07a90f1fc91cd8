package org.seamcache.proxy.route;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** An IPv4 or IPv6 network in CIDR notation, e.g. {@code 127.0.0.0/8} or {@code fe80::/10}. */
public record Cidr(byte[] network, int prefixBits) {

  /** Parses {@code address/bits}; a bare address means a single host. Literal addresses only. */
  public static Cidr parse(String text) {
    String s = text.trim();
    int slash = s.indexOf('/');
    String addr = slash < 0 ? s : s.substring(0, slash);
    if (!addr.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
      throw new IllegalArgumentException("'" + text + "' is not an IP network (expected ADDRESS/BITS)");
    }
    if (AmbiguousIpv4.is(addr)) {
      throw new IllegalArgumentException(
          "'" + text + "' is an ambiguous IPv4 form (leading zeros are octal to some programs); write a.b.c.d in decimal");
    }
    byte[] bytes;
    try {
      bytes = InetAddress.getByName(addr).getAddress(); // a literal: no DNS lookup happens
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("'" + text + "' is not an IP network: " + e.getMessage());
    }
    if (addr.contains(":") && bytes.length == 4) {
      bytes = ipv4Mapped(bytes); // the JDK turns ::ffff:a.b.c.d into IPv4; an IPv6 network stays IPv6
    }
    int bits = bytes.length * 8;
    if (slash >= 0) {
      try {
        bits = Integer.parseInt(s.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + text + "' has a prefix length that is not a number");
      }
      if (bits < 0 || bits > bytes.length * 8) {
        throw new IllegalArgumentException("'" + text + "' has a prefix length outside 0-" + bytes.length * 8);
      }
    }
    return new Cidr(bytes, bits);
  }

  private static byte[] ipv4Mapped(byte[] v4) {
    byte[] v6 = new byte[16];
    v6[10] = (byte) 0xff;
    v6[11] = (byte) 0xff;
    System.arraycopy(v4, 0, v6, 12, 4);
    return v6;
  }

  public boolean contains(InetAddress address) {
    byte[] a = address.getAddress();
    if (a.length != network.length) {
      return false;
    }
    int full = prefixBits / 8;
    for (int i = 0; i < full; i++) {
      if (a[i] != network[i]) {
        return false;
      }
    }
    int rest = prefixBits % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xFF << (8 - rest)) & 0xFF;
    return (a[full] & mask) == (network[full] & mask);
  }

  /** By value (a record compares arrays by reference): a reload tells an unchanged allow-list from a new one. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Cidr c && c.prefixBits == prefixBits && java.util.Arrays.equals(c.network, network);
  }

  @Override
  public int hashCode() {
    return 31 * java.util.Arrays.hashCode(network) + prefixBits;
  }

  @Override
  public String toString() {
    try {
      InetAddress a = network.length == 16 ? Inet6Address.getByAddress(null, network, -1) : InetAddress.getByAddress(network);
      return a.getHostAddress() + "/" + prefixBits;
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
