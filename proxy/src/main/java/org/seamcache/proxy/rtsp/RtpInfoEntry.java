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
  private static final Pattern NEEDS_QUOTES =
      Pattern.compile("[\"\\s]|;\\s*(?i:seq|rtptime)\\s*=|,\\s*(?i:url)=|[,;]$");
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
   * Parses one entry. A bare URL runs up to the first {@code ;seq=} or {@code ;rtptime=}, so a URL holding
   * {@code ;} survives; a quoted URL runs to its closing quote. After it only seq and rtptime may follow.
   */
  static RtpInfoEntry parse(String text) throws RtspHeaderException {
    if (!text.regionMatches(true, 0, "url=", 0, 4)) {
      throw RtspHeaderException.badRequest(H + ": each stream must start with url=, got '" + text + "'");
    }
    String rest = text.substring(4).trim();
    String url;
    List<String> params;
    if (rest.startsWith("\"")) {
      // RFC 7826 style quoted URL: it ends at the closing quote, whatever it holds.
      int close = QuotedText.closingQuote(rest);
      if (close < 0) {
        throw RtspHeaderException.badRequest(H + ": quoted url is not closed, got '" + text + "'");
      }
      url = QuotedText.unquote(rest.substring(0, close + 1)).trim();
      String after = rest.substring(close + 1).trim();
      if (!after.isEmpty() && !after.startsWith(";")) {
        throw RtspHeaderException.badRequest(H + ": a quoted url must be followed by ';' or the end, got '" + text + "'");
      }
      params = after.isEmpty() ? List.of() : List.of(after.substring(1).split(";", -1));
    } else {
      List<String> parts = List.of(rest.split(";", -1));
      int firstParam = 1;
      while (firstParam < parts.size() && !isKnownParam(parts.get(firstParam))) {
        firstParam++;
      }
      url = String.join(";", parts.subList(0, firstParam)).trim();
      params = parts.subList(firstParam, parts.size());
    }
    if (url.isEmpty()) {
      throw RtspHeaderException.badRequest(H + ": url must not be empty, got '" + text + "'");
    }
    OptionalInt seq = OptionalInt.empty();
    OptionalLong rtpTime = OptionalLong.empty();
    for (String part : params) {
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

  /**
   * {@code url=U[;seq=S][;rtptime=T]}. The URL is written bare as RFC 2326 clients expect, and quoted only when
   * it could not be read back bare (it holds a quote, a space, {@code ;seq=}, {@code ;rtptime=} or
   * {@code ,url=}, or ends in {@code ,} or {@code ;}).
   */
  public String format() {
    String u = NEEDS_QUOTES.matcher(url).find() ? QuotedText.quote(url) : url;
    StringBuilder sb = new StringBuilder("url=").append(u);
    seq.ifPresent(s -> sb.append(";seq=").append(s));
    rtpTime.ifPresent(t -> sb.append(";rtptime=").append(t));
    return sb.toString();
  }
}
