package org.seamcache.proxy.server;

import java.time.Duration;

/**
 * What one viewer connection, and one client address, may hold of the proxy. Every limit refuses
 * with a status and a reason of its own; none is off by default.
 *
 * @param maxConnections viewer connections open at once (more get 503 and are closed)
 * @param maxConnectionsPerAddress viewer connections open at once from one client address (503)
 * @param requestTimeout a request (or interleaved frame) begun must arrive whole within this (408,
 *     then close): a slow sender holds no connection for long
 * @param idleTimeout a connection with no live session that sends nothing this long is closed
 * @param maxUpstreamPerConnection upstream connections opened for one viewer connection and still
 *     open (DESCRIBEs beyond get 453)
 * @param maxUpstream upstream sessions open at once over the whole proxy (viewers' legs, extra legs,
 *     repairs, prefetches): a new content beyond gets 503, an extra leg is refused (and backs off)
 */
public record ConnectionLimits(
    int maxConnections, int maxConnectionsPerAddress, Duration requestTimeout, Duration idleTimeout, int maxUpstreamPerConnection,
    int maxUpstream) {

  public ConnectionLimits {
    if (maxConnections < 1 || maxConnectionsPerAddress < 1 || maxUpstreamPerConnection < 1 || maxUpstream < 1) {
      throw new IllegalArgumentException("connection limits must be at least 1");
    }
    if (requestTimeout.isNegative() || requestTimeout.isZero() || idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("request and idle timeouts must be positive");
    }
  }

  /**
   * Room for thousands of viewers, few enough per address that one client cannot take them all
   * (an address behind carrier-grade NAT may need more); a request is a few hundred bytes, so
   * 10 s is generous; the idle timeout is the RFC 2326 session default.
   */
  public static ConnectionLimits defaults() {
    return new ConnectionLimits(4096, 64, Duration.ofSeconds(10), Duration.ofSeconds(60), 8, 1024);
  }

  public ConnectionLimits withConnections(int total, int perAddress) {
    return new ConnectionLimits(total, perAddress, requestTimeout, idleTimeout, maxUpstreamPerConnection, maxUpstream);
  }

  public ConnectionLimits withTimeouts(Duration request, Duration idle) {
    return new ConnectionLimits(maxConnections, maxConnectionsPerAddress, request, idle, maxUpstreamPerConnection, maxUpstream);
  }

  public ConnectionLimits withMaxUpstreamPerConnection(int n) {
    return new ConnectionLimits(maxConnections, maxConnectionsPerAddress, requestTimeout, idleTimeout, n, maxUpstream);
  }

  public ConnectionLimits withMaxUpstream(int n) {
    return new ConnectionLimits(maxConnections, maxConnectionsPerAddress, requestTimeout, idleTimeout, maxUpstreamPerConnection, n);
  }
}
