package org.seamcache.proxy.route;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Decides which origin addresses the proxy may connect to, so that it is never an open door into
 * the operator's network: loopback, private, link-local, carrier-grade NAT, IETF protocol
 * assignments, benchmarking, unique-local, site-local, unspecified and multicast addresses are
 * refused unless an operator allowed them with {@code --allow-origin CIDR}; other (public)
 * addresses are allowed. IPv6 forms that carry an IPv4 address (IPv4-mapped, -compatible and
 * -translated, NAT64, 6to4, Teredo) are judged by that IPv4 address, since a translator or tunnel
 * on the path delivers them there. Checked on the resolved address, after DNS, so a name cannot
 * smuggle a private address past it. Immutable.
 */
public final class OriginAllowList {

  private static final List<Cidr> INTERNAL =
      List.of(
          Cidr.parse("0.0.0.0/8"),
          Cidr.parse("10.0.0.0/8"),
          Cidr.parse("100.64.0.0/10"),
          Cidr.parse("127.0.0.0/8"),
          Cidr.parse("169.254.0.0/16"),
          Cidr.parse("172.16.0.0/12"),
          Cidr.parse("192.0.0.0/24"),
          Cidr.parse("192.168.0.0/16"),
          Cidr.parse("198.18.0.0/15"),
          Cidr.parse("224.0.0.0/3"),
          Cidr.parse("::/128"),
          Cidr.parse("::1/128"),
          Cidr.parse("64:ff9b:1::/48"), // local-use NAT64 (RFC 8215): translated inside the operator's network
          Cidr.parse("fc00::/7"),
          Cidr.parse("fe80::/10"),
          Cidr.parse("fec0::/10"),
          Cidr.parse("ff00::/8"));

  /** Where an IPv6 address carries an IPv4 address: the prefix, and the offset of the 4 bytes. */
  private record Embedding(Cidr prefix, int offset, boolean inverted) {}

  private static final List<Embedding> EMBEDDINGS =
      List.of(
          new Embedding(Cidr.parse("::/96"), 12, false), // IPv4-compatible (deprecated)
          new Embedding(Cidr.parse("::ffff:0:0/96"), 12, false), // IPv4-mapped (the JDK mostly maps these itself)
          new Embedding(Cidr.parse("::ffff:0:0:0/96"), 12, false), // IPv4-translated (SIIT)
          new Embedding(Cidr.parse("64:ff9b::/96"), 12, false), // NAT64 well-known prefix
          new Embedding(Cidr.parse("2002::/16"), 2, false), // 6to4
          new Embedding(Cidr.parse("2001::/32"), 12, true)); // Teredo: the client's address, bits inverted

  private final List<Cidr> allowed;

  public OriginAllowList(List<Cidr> allowed) {
    this.allowed = List.copyOf(allowed);
  }

  public boolean permits(InetAddress address) {
    for (Cidr c : allowed) {
      if (c.contains(address)) {
        return true;
      }
    }
    InetAddress embedded = embeddedIpv4(address);
    if (embedded != null) {
      return permits(embedded);
    }
    for (Cidr c : INTERNAL) {
      if (c.contains(address)) {
        return false;
      }
    }
    return true;
  }

  /** The IPv4 address an IPv6 address carries, or null. */
  static Inet4Address embeddedIpv4(InetAddress address) {
    for (Embedding e : EMBEDDINGS) {
      if (e.prefix().contains(address)) {
        byte[] v6 = address.getAddress();
        byte[] v4 = new byte[4];
        for (int i = 0; i < 4; i++) {
          v4[i] = (byte) (e.inverted() ? ~v6[e.offset() + i] : v6[e.offset() + i]);
        }
        try {
          return (Inet4Address) InetAddress.getByAddress(v4);
        } catch (UnknownHostException impossible) {
          throw new IllegalStateException(impossible);
        }
      }
    }
    return null;
  }

  public List<Cidr> allowed() {
    return allowed;
  }
}
