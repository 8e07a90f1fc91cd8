package org.seamcache.packaging;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** A TCP port free on loopback right now (bound to 0, then closed); a caller that loses a race retries. */
final class FreePort {
  private FreePort() {}

  static int pick() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
