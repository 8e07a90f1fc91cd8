package org.seamcache.proxy.rtsp;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * An {@code a=rtpmap:96 H264/90000} or {@code a=rtpmap:97 MPEG4-GENERIC/48000/1} attribute (RFC 4566 §6): the
 * payload type, encoding name, RTP clock rate and, for audio, the channel count. Immutable.
 *
 * <pre>
 * a=rtpmap:&lt;payload type&gt; &lt;encoding name&gt;/&lt;clock rate&gt;[/&lt;encoding parameters&gt;]
 * </pre>
 */
public record RtpMap(int payloadType, String encodingName, int clockRateHz, OptionalInt channels) {

  static final String RULE =
      "a=rtpmap must be <payload type 0-127> <encoding name>/<clock rate Hz>[/<channels>] (RFC 4566 §6)";

  public RtpMap {
    Objects.requireNonNull(encodingName, "encodingName");
    Objects.requireNonNull(channels, "channels");
    if (payloadType < 0 || payloadType > 127 || encodingName.isEmpty() || clockRateHz <= 0
        || (channels.isPresent() && channels.getAsInt() <= 0)) {
      throw new IllegalArgumentException(RULE + ", got " + payloadType + " " + encodingName + "/" + clockRateHz);
    }
  }

  /** Parses the value after {@code a=rtpmap:}; null if it breaks {@link #RULE}. */
  static RtpMap parseOrNull(String value) {
    String v = value.trim();
    int space = v.indexOf(' ');
    if (space < 0) {
      return null;
    }
    int pt = NumberPair.parseBounded(v.substring(0, space), 127);
    String[] parts = v.substring(space + 1).trim().split("/", -1);
    if (pt < 0 || parts.length < 2 || parts.length > 3 || parts[0].isEmpty()) {
      return null;
    }
    int clock = NumberPair.parseBounded(parts[1], 999_999_999);
    int channels = parts.length == 3 ? NumberPair.parseBounded(parts[2], 999) : 1;
    if (clock <= 0 || channels <= 0) {
      return null;
    }
    return new RtpMap(pt, parts[0], clock, parts.length == 3 ? OptionalInt.of(channels) : OptionalInt.empty());
  }

  /**
   * The static payload types of RFC 3551 §6 that are still met in RTSP (a server may omit their rtpmap), so the
   * clock rate of {@code m=audio 0 RTP/AVP 0} is known.
   */
  public static Optional<RtpMap> staticPayloadType(int payloadType) {
    return Optional.ofNullable(switch (payloadType) {
      case 0 -> audio(0, "PCMU", 8000);
      case 3 -> audio(3, "GSM", 8000);
      case 4 -> audio(4, "G723", 8000);
      case 5 -> audio(5, "DVI4", 8000);
      case 6 -> audio(6, "DVI4", 16000);
      case 8 -> audio(8, "PCMA", 8000);
      case 9 -> audio(9, "G722", 8000);
      case 10 -> new RtpMap(10, "L16", 44100, OptionalInt.of(2));
      case 11 -> audio(11, "L16", 44100);
      case 14 -> new RtpMap(14, "MPA", 90000, OptionalInt.empty());
      case 15 -> audio(15, "G728", 8000);
      case 18 -> audio(18, "G729", 8000);
      case 26 -> new RtpMap(26, "JPEG", 90000, OptionalInt.empty());
      case 31 -> new RtpMap(31, "H261", 90000, OptionalInt.empty());
      case 32 -> new RtpMap(32, "MPV", 90000, OptionalInt.empty());
      case 33 -> new RtpMap(33, "MP2T", 90000, OptionalInt.empty());
      case 34 -> new RtpMap(34, "H263", 90000, OptionalInt.empty());
      default -> null;
    });
  }

  private static RtpMap audio(int pt, String name, int clockRateHz) {
    return new RtpMap(pt, name, clockRateHz, OptionalInt.of(1));
  }

  /** The value after {@code a=rtpmap:}. */
  public String format() {
    String base = payloadType + " " + encodingName + "/" + clockRateHz;
    return channels.isPresent() ? base + "/" + channels.getAsInt() : base;
  }
}
