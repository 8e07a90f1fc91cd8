package org.seamcache.proxy.route;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import org.seamcache.proxy.rtsp.RtspStatusException;

/**
 * Keeps a request from passing through this proxy twice (a proxy URL nested in itself, or two
 * proxies pointing at each other would otherwise open connections until the file descriptors run
 * out). Requests to origins carry a {@code Via} header (RFC 2326 §12.43) naming this proxy after the
 * hops the viewer's request already passed; a request whose {@code Via} names it, or an origin at
 * the proxy's own listening address, is refused with 508. Thread-safe.
 */
public final class LoopGuard {
  private static final String PROTOCOL = "RTSP/1.0";
  private static final int LOOP_DETECTED = 508;

  private final String name;
  private volatile InetSocketAddress listening;

  private LoopGuard(String name) {
    this.name = name;
  }

  /** A pseudonym of its own per running proxy: its host name may not be unique, nor known. */
  public static LoopGuard withRandomName() {
    byte[] id = new byte[6];
    new SecureRandom().nextBytes(id);
    return new LoopGuard("seamcache-" + HexFormat.of().formatHex(id));
  }

  /** The pseudonym this proxy names itself by in {@code Via}. */
  public String name() {
    return name;
  }

  /** Where the proxy accepts viewers (known once bound). */
  public void listeningOn(InetSocketAddress address) {
    this.listening = address;
  }

  /** 508 when one of the request's {@code Via} headers names this proxy. */
  public void refuseLooped(List<String> viaHeaders) {
    for (String header : viaHeaders) {
      for (String hop : header.split(",")) {
        String[] parts = hop.trim().split("\\s+");
        if (parts.length >= 2 && parts[1].equals(name)) {
          throw new RtspStatusException(LOOP_DETECTED, "loop detected: the request already passed this proxy");
        }
      }
    }
  }

  /** The {@code Via} value for the origin: the hops so far, then this proxy. */
  public String viaAfter(List<String> viaHeaders) {
    String own = PROTOCOL + " " + name;
    StringBuilder b = new StringBuilder();
    for (String header : viaHeaders) {
      if (!header.isBlank()) {
        b.append(header.trim()).append(", ");
      }
    }
    return b.append(own).toString();
  }

  /** 508 when {@code origin} is the proxy's own listening socket. */
  public void refuseSelf(InetSocketAddress origin) {
    InetSocketAddress self = listening;
    if (self != null && origin.getPort() == self.getPort() && reaches(self.getAddress(), origin.getAddress())) {
      throw new RtspStatusException(LOOP_DETECTED, "loop detected: origin " + origin.getAddress().getHostAddress() + ":"
          + origin.getPort() + " is this proxy");
    }
  }

  /** Whether a connection to {@code target} lands on a socket bound to {@code bound}. */
  private static boolean reaches(InetAddress bound, InetAddress target) {
    if (!bound.isAnyLocalAddress()) {
      return bound.equals(target);
    }
    if (target.isAnyLocalAddress() || target.isLoopbackAddress()) {
      return true;
    }
    try {
      return NetworkInterface.getByInetAddress(target) != null; // one of this host's addresses
    } catch (SocketException e) {
      return false;
    }
  }
}
