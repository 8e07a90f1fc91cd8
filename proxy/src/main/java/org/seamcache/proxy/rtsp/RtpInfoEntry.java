package org.seamcache.proxy.rtsp;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * One stream of an RTP-Info header (RFC 2326 §12.33): {@code url=rtsp://h/vod/stream=0;seq=20949;rtptime=406436899}.
 * {@code seq} is the 16-bit sequence number and {@code rtptime} the 32-bit timestamp of the first packet the
 * server means to send after the PLAY (a hint: see DESIGN.md on how exact real servers are). Immutable.
 */
public record RtpInfoEntry(String url, OptionalInt seq, OptionalLong rtpTime) {

  private static final String H = "RTP-Info";
  private static final Pattern KNOWN_PARAM = Pattern.compile("\\s*(?i:seq|rtptime)\\s*=");

  public RtpInfoEntry {
    Objects.requireNonNull(seq, "seq");
    Objects.requireNonNull(rtpTime, "rtpTime");
    if (url == null || url.isEmpty()) {
      throw new IllegalArgumentException("RTP-Info url is empty");
    }
    if (seq.isPresent() && (seq.getAsInt() < 0 || seq.getAsInt() > 0xFFFF)) {
      throw new IllegalArgumentException("seq " + seq.getAsInt() + " is not 0-65535");
    }
    if (rtpTime.isPresent() && (rtpTime.getAsLong() < 0 || rtpTime.getAsLong() > 0xFFFF_FFFFL)) {
      throw new IllegalArgumentException("rtptime " + rtpTime.getAsLong() + " is not 0-4294967295");
    }
  }

  public static RtpInfoEntry of(String url, int seq, long rtpTime) {
    return new RtpInfoEntry(url, OptionalInt.of(seq), OptionalLong.of(rtpTime));
  }

  /**
   * Parses one entry. The URL runs up to the first {@code ;seq=} or {@code ;rtptime=}, so a URL holding
   * {@code ;} survives; after that only seq and rtptime may follow.
   */
  static RtpInfoEntry parse(String text) throws RtspHeaderException {
    if (!text.regionMatches(true, 0, "url=", 0, 4)) {
      throw RtspHeaderException.badRequest(H + ": each stream must start with url=, got '" + text + "'");
    }
    List<String> parts = List.of(text.substring(4).split(";", -1));
    int firstParam = 1;
    while (firstParam < parts.size() && !isKnownParam(parts.get(firstParam))) {
      firstParam++;
    }
    String url = QuotedText.unquote(String.join(";", parts.subList(0, firstParam)).trim());
    if (url.isEmpty()) {
      throw RtspHeaderException.badRequest(H + ": url must not be empty, got '" + text + "'");
    }
    OptionalInt seq = OptionalInt.empty();
    OptionalLong rtpTime = OptionalLong.empty();
    for (String part : parts.subList(firstParam, parts.size())) {
      if (part.isBlank()) {
        continue;
      }
      HeaderParam p = HeaderParam.parse(H, part);
      String v = p.value().orElse("");
      switch (p.name().toLowerCase(Locale.ROOT)) {
        case "seq" -> {
          int s = NumberPair.parseBounded(v, 0xFFFF);
          if (s < 0 || seq.isPresent()) {
            throw RtspHeaderException.badRequest(H + ": seq must appear once as an integer 0-65535, got '" + text + "'");
          }
          seq = OptionalInt.of(s);
        }
        case "rtptime" -> {
          long t = v.length() > 10 || !v.chars().allMatch(c -> c >= '0' && c <= '9') || v.isEmpty()
              ? -1 : Long.parseLong(v);
          if (t < 0 || t > 0xFFFF_FFFFL || rtpTime.isPresent()) {
            throw RtspHeaderException.badRequest(
                H + ": rtptime must appear once as an integer 0-4294967295, got '" + text + "'");
          }
          rtpTime = OptionalLong.of(t);
        }
        default -> throw RtspHeaderException.badRequest(
            H + ": only url, seq and rtptime are defined, got '" + part.trim() + "'");
      }
    }
    return new RtpInfoEntry(url, seq, rtpTime);
  }

  private static boolean isKnownParam(String part) {
    return KNOWN_PARAM.matcher(part).lookingAt();
  }

  /** {@code url=U[;seq=S][;rtptime=T]}. */
  public String format() {
    StringBuilder sb = new StringBuilder("url=").append(url);
    seq.ifPresent(s -> sb.append(";seq=").append(s));
    rtpTime.ifPresent(t -> sb.append(";rtptime=").append(t));
    return sb.toString();
  }
}
