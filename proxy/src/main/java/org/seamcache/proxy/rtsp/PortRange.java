package org.seamcache.proxy.rtsp;

/**
 * A UDP port or inclusive pair of ports as in {@code client_port=31838-31839} (RFC 2326 §12.39). The usual
 * pair is RTP on an even port and RTCP on the next one, but that is a convention, not checked here. Immutable.
 */
public record PortRange(int first, int last) {

  public static final int MAX_PORT = 65535;

  public PortRange {
    if (first < 0 || last > MAX_PORT || last < first) {
      throw new IllegalArgumentException("port range " + first + "-" + last + " is not 0 <= first <= last <= 65535");
    }
  }

  public static PortRange single(int port) {
    return new PortRange(port, port);
  }

  /** The usual RTP/RTCP pair {@code rtpPort}-{@code rtpPort + 1}. */
  public static PortRange rtpAndRtcp(int rtpPort) {
    return new PortRange(rtpPort, rtpPort + 1);
  }

  /** Parses {@code port} or {@code port-port}; {@code what} names the parameter in the error message. */
  static PortRange parse(String header, String what, String text) throws RtspHeaderException {
    int[] pair = NumberPair.parse(text, MAX_PORT);
    if (pair == null) {
      throw RtspHeaderException.badRequest(
          header + ": " + what + " must be port or port-port with 0 <= first <= last <= 65535, got '" + text + "'");
    }
    return new PortRange(pair[0], pair[1]);
  }

  /** {@code 5000-5001}, or {@code 5000} for a single port. */
  public String format() {
    return first == last ? Integer.toString(first) : first + "-" + last;
  }
}
