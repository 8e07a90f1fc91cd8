package org.seamcache.proxy.server;

import java.util.Optional;
import org.seamcache.proxy.rtsp.InterleavedChannels;
import org.seamcache.proxy.rtsp.PortRange;
import org.seamcache.proxy.rtsp.RtspHeaderException;
import org.seamcache.proxy.rtsp.RtspStatusException;
import org.seamcache.proxy.rtsp.TransportHeader;
import org.seamcache.proxy.rtsp.TransportSpec;

/**
 * Picks, from a viewer's SETUP Transport header, the first alternative the proxy can serve, with
 * values it can really send to: unicast UDP to client ports 1-65535 (RTCP on the next port when
 * only one is given, so that one must be below 65535), or TCP-interleaved on an RTP/RTCP channel
 * pair {@code n-(n+1)} with {@code n} even and at most 254. Values the codec accepts but the relay
 * cannot send to (port 0, channel 256 for RTCP) are refused here, before any session exists, so
 * they can never fail later while packets are fanned out to other viewers. Stateless.
 */
final class TransportChoice {
  private static final int MAX_RTP_CHANNEL = InterleavedChannels.MAX_CHANNEL - 1;

  private TransportChoice() {}

  /**
   * The chosen alternative, with the channel pair or ports the proxy will use spelled out, or a
   * 400 (no or malformed header) / 461 (nothing servable, with the first alternative's reason).
   *
   * @param defaultRtpChannel the RTP channel for an interleaved alternative that names none
   */
  static TransportSpec choose(String header, int defaultRtpChannel) {
    return choose(header, defaultRtpChannel, null);
  }

  /**
   * As the other, and where the content is sent to a multicast group, an alternative asking for
   * multicast is answered {@code multicastAnswer} (the group, port pair and TTL; null: not offered).
   */
  static TransportSpec choose(String header, int defaultRtpChannel, TransportSpec multicastAnswer) {
    if (header == null) {
      throw new RtspStatusException(400, "SETUP without a Transport header");
    }
    TransportHeader parsed;
    try {
      parsed = TransportHeader.parse(header);
    } catch (RtspHeaderException e) {
      throw new RtspStatusException(e.statusCode(), e.getMessage());
    }
    String firstRefusal = null;
    for (TransportSpec s : parsed.specs()) {
      if (s.isMulticast() && multicastAnswer != null && !s.isTcp()) {
        return multicastAnswer; // a destination or port the viewer names is not its to choose: the group is the proxy's
      }
      String refusal = refusal(s, defaultRtpChannel);
      if (refusal == null) {
        return s.isTcp()
            ? TransportSpec.tcpInterleaved(pairOf(s.interleaved(), defaultRtpChannel))
            : TransportSpec.udpUnicast(pairOf(s.clientPort().orElseThrow()));
      }
      if (firstRefusal == null) {
        firstRefusal = refusal;
      }
    }
    throw new RtspStatusException(461, firstRefusal);
  }

  /** Why the proxy cannot serve {@code s}, or null if it can. */
  private static String refusal(TransportSpec s, int defaultRtpChannel) {
    if (s.isMulticast()) {
      return "multicast delivery is not offered; ask for unicast UDP or TCP-interleaved";
    }
    if (s.isTcp()) {
      if (s.interleaved().isEmpty()) {
        // the proxy picks the track's usual pair
        return defaultRtpChannel <= MAX_RTP_CHANNEL ? null : "no interleaved channel pair left for this track; name one";
      }
      InterleavedChannels c = s.interleaved().get();
      if (c.first() % 2 != 0 || c.first() > MAX_RTP_CHANNEL) {
        return "interleaved RTP channel must be even and 0-" + MAX_RTP_CHANNEL + " (RTCP uses the next one), got " + c.format();
      }
      if (c.last() != c.first() && c.last() != c.first() + 1) {
        return "interleaved channels must be a pair n-(n+1), got " + c.format();
      }
      return null;
    }
    if (s.clientPort().isEmpty()) {
      return "UDP transport without client_port";
    }
    PortRange p = s.clientPort().get();
    if (p.first() < 1) {
      return "client_port must be 1-" + PortRange.MAX_PORT + ", got " + p.format();
    }
    if (p.first() == p.last() && p.first() == PortRange.MAX_PORT) {
      return "client_port " + p.format() + " leaves no port for RTCP";
    }
    return null;
  }

  private static InterleavedChannels pairOf(Optional<InterleavedChannels> asked, int defaultRtpChannel) {
    int rtp = asked.map(InterleavedChannels::first).orElse(defaultRtpChannel);
    return InterleavedChannels.rtpAndRtcp(rtp);
  }

  /** The ports the proxy sends to: RTP on the first, RTCP on the last, or the next one if only one was given. */
  private static PortRange pairOf(PortRange asked) {
    return asked.first() == asked.last() ? PortRange.rtpAndRtcp(asked.first()) : asked;
  }
}
