package org.seamcache.proxy.rtsp;

/**
 * The channel or inclusive pair of channels of {@code interleaved=0-1} (RFC 2326 §12.39, §10.12): the
 * {@code $}-framed channel ids that carry RTP and RTCP on the RTSP TCP connection. Immutable.
 */
public record InterleavedChannels(int first, int last) {

  public static final int MAX_CHANNEL = 255;

  public InterleavedChannels {
    if (first < 0 || last > MAX_CHANNEL || last < first) {
      throw new IllegalArgumentException(
          "interleaved channels " + first + "-" + last + " are not 0 <= first <= last <= 255");
    }
  }

  /** The usual RTP/RTCP pair {@code rtpChannel}-{@code rtpChannel + 1}. */
  public static InterleavedChannels rtpAndRtcp(int rtpChannel) {
    return new InterleavedChannels(rtpChannel, rtpChannel + 1);
  }

  static InterleavedChannels parse(String header, String text) throws RtspHeaderException {
    int[] pair = NumberPair.parse(text, MAX_CHANNEL);
    if (pair == null) {
      throw RtspHeaderException.badRequest(
          header + ": interleaved must be channel or channel-channel with 0 <= first <= last <= 255, got '"
              + text + "'");
    }
    return new InterleavedChannels(pair[0], pair[1]);
  }

  /** {@code 0-1}, or {@code 0} for a single channel. */
  public String format() {
    return first == last ? Integer.toString(first) : first + "-" + last;
  }
}
