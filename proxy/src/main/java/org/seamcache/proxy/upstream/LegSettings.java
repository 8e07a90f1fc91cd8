package org.seamcache.proxy.upstream;

import java.time.Duration;

/**
 * How upstream legs behave. Immutable.
 *
 * @param preferTcp start with TCP-interleaved instead of UDP
 * @param udpFallback with UDP, switch to TCP when no RTP packet arrived this long after PLAY
 * @param requestTimeout how long an origin may take to answer one request
 * @param originSilence a playing leg that received nothing this long is declared dead
 */
public record LegSettings(boolean preferTcp, Duration udpFallback, Duration requestTimeout, Duration originSilence) {
  public static LegSettings defaults() {
    return new LegSettings(false, Duration.ofSeconds(3), Duration.ofSeconds(5), Duration.ofSeconds(5));
  }
}
