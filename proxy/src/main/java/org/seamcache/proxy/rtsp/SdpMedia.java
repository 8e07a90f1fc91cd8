package org.seamcache.proxy.rtsp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * One media section of a session description: its {@code m=} line and every line after it up to the next
 * {@code m=}, kept verbatim and in order (RFC 4566 §5.14).
 *
 * <pre>
 * m=&lt;media&gt; &lt;port&gt;[/&lt;number of ports&gt;] &lt;proto&gt; &lt;fmt&gt; ...     e.g. m=video 0 RTP/AVP 96
 * </pre>
 *
 * <p>Accessors read the lines on demand; instances are immutable.
 */
public record SdpMedia(List<SdpLine> lines) {

  static final String M_RULE = "m= must be <media> <port>[/<count>] <proto> <fmt> ... (RFC 4566 §5.14)";
  static final String RTP_FORMAT_RULE = "RTP formats must be payload types 0-127 (RFC 4566 §5.14)";

  public SdpMedia {
    lines = List.copyOf(lines);
    if (lines.isEmpty() || lines.get(0).type() != 'm' || checkMediaLine(lines.get(0).value()) != null) {
      throw new IllegalArgumentException("a media section must start with a valid m= line");
    }
  }

  /** Returns null if {@code value} is a valid m= value, or the rule it breaks. */
  static String checkMediaLine(String value) {
    String[] f = value.trim().split(" +");
    if (f.length < 4 || f[0].isEmpty()) {
      return M_RULE;
    }
    String[] port = f[1].split("/", -1);
    if (port.length > 2 || NumberPair.parseBounded(port[0], PortRange.MAX_PORT) < 0
        || (port.length == 2 && NumberPair.parseBounded(port[1], PortRange.MAX_PORT) <= 0)) {
      return M_RULE;
    }
    if (isRtpProto(f[2])) {
      for (int i = 3; i < f.length; i++) {
        if (NumberPair.parseBounded(f[i], 127) < 0) {
          return RTP_FORMAT_RULE;
        }
      }
    }
    return null;
  }

  private String[] fields() {
    return lines.get(0).value().trim().split(" +");
  }

  /** {@code video}, {@code audio}, {@code application}, ... */
  public String mediaType() {
    return fields()[0];
  }

  /** The port of the m= line; 0 in RTSP, where ports come from SETUP. */
  public int port() {
    return Integer.parseInt(fields()[1].split("/")[0]);
  }

  /** {@code RTP/AVP}, {@code RTP/AVPF}, {@code RTP/SAVP}, ... */
  public String proto() {
    return fields()[2];
  }

  /** The formats, for RTP the payload types as strings: {@code ["96"]}. */
  public List<String> formats() {
    String[] f = fields();
    return List.of(f).subList(3, f.length);
  }

  /**
   * The payload types of an RTP media section, in m= order (validated when parsed); none when the proto is not RTP,
   * whose formats are not numbers (fuzz finding: {@code m=video 0 RTP,/=IN IP4 0.0.0.0} threw NumberFormatException).
   */
  public List<Integer> payloadTypes() {
    return isRtpProto(proto()) ? formats().stream().map(Integer::valueOf).toList() : List.of();
  }

  private static boolean isRtpProto(String proto) {
    return proto.toUpperCase(Locale.ROOT).contains("RTP/");
  }

  /** Every {@code a=} attribute in order. */
  public List<SdpAttribute> attributes() {
    return lines.stream().filter(SdpLine::isAttribute).map(SdpAttribute::of).toList();
  }

  /** The value of the first {@code a=name:value}, trimmed. */
  public Optional<String> attribute(String name) {
    return firstAttribute(lines, name);
  }

  /** The {@code a=control:} value, trimmed (e.g. {@code stream=0}). */
  public Optional<String> control() {
    return attribute("control");
  }

  /** Every {@code a=rtpmap:}, in order (validated when the SDP was parsed). */
  public List<RtpMap> rtpMaps() {
    List<RtpMap> maps = new ArrayList<>();
    for (SdpLine l : lines) {
      if (l.isAttribute("rtpmap")) {
        maps.add(RtpMap.parseOrNull(l.attributeValue().orElse("")));
      }
    }
    return maps;
  }

  /** The rtpmap of {@code payloadType}, or the RFC 3551 static assignment when there is no a=rtpmap for it. */
  public Optional<RtpMap> rtpMap(int payloadType) {
    return rtpMaps().stream()
        .filter(m -> m.payloadType() == payloadType)
        .findFirst()
        .or(() -> RtpMap.staticPayloadType(payloadType));
  }

  /** The rtpmap of the first format of the m= line: what the track carries unless the server switches. */
  public Optional<RtpMap> firstRtpMap() {
    List<String> f = formats();
    int pt = f.isEmpty() ? -1 : NumberPair.parseBounded(f.get(0), 127);
    return pt < 0 ? Optional.empty() : rtpMap(pt);
  }

  /** The parameters of {@code a=fmtp:<payloadType> <parameters>}, e.g. {@code packetization-mode=1;...}. */
  public Optional<String> fmtp(int payloadType) {
    String prefix = payloadType + " ";
    for (SdpLine l : lines) {
      if (l.isAttribute("fmtp")) {
        String v = l.attributeValue().orElse("").trim();
        if (v.startsWith(prefix)) {
          return Optional.of(v.substring(prefix.length()).trim());
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The fmtp parameters as an ordered map, split at {@code ;} and the first {@code =} of each (so base64 values
   * such as {@code sprop-parameter-sets=Z0LA...==,aM48gA==} stay whole). Names keep their case.
   */
  public Map<String, String> fmtpParameters(int payloadType) {
    Map<String, String> params = new LinkedHashMap<>();
    fmtp(payloadType).ifPresent(f -> {
      for (String p : f.split(";")) {
        String t = p.trim();
        if (!t.isEmpty()) {
          int eq = t.indexOf('=');
          params.put(eq < 0 ? t : t.substring(0, eq).trim(), eq < 0 ? "" : t.substring(eq + 1).trim());
        }
      }
    });
    return params;
  }

  /** This media's control URL resolved against {@code base} (see {@link ControlUrl}). */
  public String controlUrl(String base) {
    return ControlUrl.resolve(base, control().orElse("*"));
  }

  /** A copy with each {@code a=control:} value replaced by {@code rewrite.apply(trimmedValue)}. */
  public SdpMedia withControls(UnaryOperator<String> rewrite) {
    return new SdpMedia(rewriteControls(lines, rewrite));
  }

  /** A copy without the attributes called {@code name} (e.g. {@code ssrc}, which a proxy re-bases). */
  public SdpMedia withoutAttributes(String name) {
    return new SdpMedia(lines.stream().filter(l -> !l.isAttribute(name)).toList());
  }

  static Optional<String> firstAttribute(List<SdpLine> lines, String name) {
    return lines.stream()
        .filter(l -> l.isAttribute(name))
        .findFirst()
        .map(l -> l.attributeValue().orElse("").trim());
  }

  static List<SdpLine> rewriteControls(List<SdpLine> lines, UnaryOperator<String> rewrite) {
    List<SdpLine> out = new ArrayList<>(lines.size());
    for (SdpLine l : lines) {
      if (l.isAttribute("control")) {
        String old = l.attributeValue().orElse("").trim();
        String replaced = rewrite.apply(old);
        out.add(replaced.equals(old) ? l : SdpLine.attribute("control", replaced));
      } else {
        out.add(l);
      }
    }
    return out;
  }
}
