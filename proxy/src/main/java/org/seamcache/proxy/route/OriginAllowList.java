package org.seamcache.proxy.route;

import java.net.InetAddress;
import java.util.List;

/**
 * Decides which origin addresses the proxy may connect to, so that it is never an open door into
 * the operator's network: loopback, private, link-local, carrier-grade NAT, unique-local,
 * unspecified and multicast addresses are refused unless an operator allowed them with
 * {@code --allow-origin CIDR}; other (public) addresses are allowed. Checked on the resolved
 * address, after DNS, so a name cannot smuggle a private address past it. Immutable.
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
          Cidr.parse("192.168.0.0/16"),
          Cidr.parse("224.0.0.0/3"),
          Cidr.parse("::/128"),
          Cidr.parse("::1/128"),
          Cidr.parse("fc00::/7"),
          Cidr.parse("fe80::/10"),
          Cidr.parse("ff00::/8"));

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
    for (Cidr c : INTERNAL) {
      if (c.contains(address)) {
        return false;
      }
    }
    return true;
  }

  public List<Cidr> allowed() {
    return allowed;
  }
}
