package org.seamcache.proxy.upstream;

import java.time.Duration;

/**
 * How upstream legs behave. Immutable.
 *
 * @param preferTcp start with TCP-interleaved instead of UDP
 * @param udpFallback with UDP, switch to TCP when no RTP packet arrived this long after PLAY
 * @param requestTimeout how long an origin may take to answer one request
 * @param originSilence a playing leg that received nothing this long is declared dead
 * @param liveReconnect how long a live stream whose legs were lost tries to reconnect before its
 *     viewers are told it ended (and their sessions end)
 */
public record LegSettings(
    boolean preferTcp, Duration udpFallback, Duration requestTimeout, Duration originSilence, Duration liveReconnect) {

  /** The default live reconnect window. */
  public static final Duration LIVE_RECONNECT = Duration.ofSeconds(30);

  /** With the default live reconnect window. */
  public LegSettings(boolean preferTcp, Duration udpFallback, Duration requestTimeout, Duration originSilence) {
    this(preferTcp, udpFallback, requestTimeout, originSilence, LIVE_RECONNECT);
  }

  /** 4 s of silence: with the watchdog's 250 ms checks a stopped origin is noticed within 5 s. */
  public static LegSettings defaults() {
    return new LegSettings(false, Duration.ofSeconds(3), Duration.ofSeconds(5), Duration.ofSeconds(4), LIVE_RECONNECT);
  }
}
