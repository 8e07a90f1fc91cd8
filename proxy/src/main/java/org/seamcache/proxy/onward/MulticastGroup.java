package org.seamcache.proxy.onward;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Where one onward stream is sent as multicast: a group address and the first port; track {@code t}
 * goes to {@code port + 2t} (RTP) and the port after it (RTCP sender reports), the RTP/AVP habit
 * (RFC 3551 §11) that players reading an SDP file expect. Written {@code 239.1.2.3:5000}. Immutable.
 */
public record MulticastGroup(InetAddress address, int port) {
  public MulticastGroup {
    if (!address.isMulticastAddress()) {
      throw new IllegalArgumentException(address.getHostAddress() + " is not a multicast address (224.0.0.0/4 or ff00::/8)");
    }
    if (port < 1024 || port > 65534 || port % 2 != 0) {
      throw new IllegalArgumentException("multicast port " + port + " must be even and 1024-65534 (RTP on it, RTCP on the next)");
    }
  }

  /**
   * Reads {@code GROUP:PORT} ({@code [GROUP]:PORT} for IPv6); no name lookups, only literal addresses.
   *
   * @throws IllegalArgumentException with what is wrong, for an operator to read
   */
  public static MulticastGroup parse(String text) {
    String t = text.trim();
    int colon = t.lastIndexOf(':');
    if (colon <= 0 || colon == t.length() - 1) {
      throw new IllegalArgumentException("multicast group '" + text + "' must be GROUP:PORT, e.g. 239.1.2.3:5000");
    }
    String host = t.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    if (!host.matches("[0-9.]+|[0-9A-Fa-f:]+")) {
      throw new IllegalArgumentException("multicast group '" + text + "' must be a literal address, not a name");
    }
    int port;
    try {
      port = Integer.parseInt(t.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("multicast group '" + text + "' must end in :PORT, a number");
    }
    InetAddress address;
    try {
      address = InetAddress.getByName(host); // a literal: no lookup
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("multicast group '" + text + "': '" + host + "' is not an address");
    }
    return new MulticastGroup(address, port);
  }

  /** Where track {@code track}'s RTP goes. */
  public InetSocketAddress rtp(int track) {
    return new InetSocketAddress(address, port + 2 * track);
  }

  /** Where track {@code track}'s RTCP goes: the port after its RTP. */
  public InetSocketAddress rtcp(int track) {
    return new InetSocketAddress(address, port + 2 * track + 1);
  }

  /** As configured: {@code 239.1.2.3:5000}. */
  public String format() {
    String a = address.getHostAddress();
    return (a.contains(":") ? "[" + a + "]" : a) + ":" + port;
  }
}
