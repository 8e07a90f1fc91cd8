package org.seamcache.proxy.session;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.seamcache.proxy.route.OriginAllowList;
import org.seamcache.proxy.rtsp.RtspStatusException;

/**
 * Turns an origin URL into an address the proxy may connect to: DNS runs on a blocking executor
 * (never an event loop), and the resolved address must pass the allow-list (403 otherwise), so a
 * name cannot lead the proxy into the operator's network. Thread-safe.
 */
public final class OriginLookup {
  private static final int DEFAULT_RTSP_PORT = 554;

  private volatile OriginAllowList allowList; // replaced on reload
  private final Executor blocking;

  public OriginLookup(OriginAllowList allowList, Executor blocking) {
    this.allowList = allowList;
    this.blocking = blocking;
  }

  /** From now on, origins are checked against {@code next} (a configuration reload). */
  public void allow(OriginAllowList next) {
    allowList = next;
  }

  public CompletableFuture<InetSocketAddress> resolve(URI origin) {
    return CompletableFuture.supplyAsync(
        () -> {
          String host = origin.getHost();
          if (host == null) {
            throw new RtspStatusException(400, "origin URL " + origin + " names no host");
          }
          InetAddress address;
          try {
            address = InetAddress.getByName(host);
          } catch (UnknownHostException e) {
            throw new RtspStatusException(502, "origin host " + host + " does not resolve");
          }
          if (!allowList.permits(address)) {
            throw new RtspStatusException(403, "origin " + address.getHostAddress() + " is not in the allowed origin ranges");
          }
          return new InetSocketAddress(address, origin.getPort() < 0 ? DEFAULT_RTSP_PORT : origin.getPort());
        },
        blocking);
  }
}
