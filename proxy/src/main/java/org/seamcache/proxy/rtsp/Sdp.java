package org.seamcache.proxy.rtsp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A session description (RFC 4566) as received in a DESCRIBE reply: the session-level lines from {@code v=} up to
 * the first {@code m=}, then one {@link SdpMedia} per {@code m=} line. Lines are kept verbatim, so
 * {@link #format()} gives back the input's lines exactly (with CRLF line ends) unless a {@code with...} method
 * changed them. Blank lines are dropped.
 *
 * <p>Parsing checks what the proxy depends on: {@code v=0} first, well-formed {@code <type>=<value>} lines, m=
 * lines with at least one format, and every {@code a=rtpmap}. Other lines are accepted as they are. Immutable.
 */
public record Sdp(List<SdpLine> sessionLines, List<SdpMedia> media) {

  static final String V_RULE = "description must start with v=0 (RFC 4566 §5.1)";
  static final String LINE_RULE = "must be <type>=<value> with a one-letter type (RFC 4566 §5)";

  public Sdp {
    sessionLines = List.copyOf(sessionLines);
    media = List.copyOf(media);
    if (sessionLines.isEmpty() || !sessionLines.get(0).format().equals("v=0")) {
      throw new IllegalArgumentException(V_RULE);
    }
  }

  /** Parses a description with CRLF, LF or CR line ends. */
  public static Sdp parse(String text) throws SdpException {
    String[] raw = text.split("\r\n|\n|\r", -1);
    List<SdpLine> session = new ArrayList<>();
    List<SdpMedia> media = new ArrayList<>();
    List<SdpLine> current = null; // lines of the media section being read
    boolean seenVersion = false;
    for (int i = 0; i < raw.length; i++) {
      String line = raw[i];
      if (line.isBlank()) {
        continue;
      }
      int lineNo = i + 1;
      if (line.length() < 2 || line.charAt(1) != '=' || !SdpLine.isType(line.charAt(0))) {
        throw error(lineNo, LINE_RULE, line);
      }
      SdpLine l = new SdpLine(line.charAt(0), line.substring(2));
      if (!seenVersion) {
        if (!line.equals("v=0")) {
          throw error(lineNo, V_RULE, line);
        }
        seenVersion = true;
      }
      if (l.type() == 'm') {
        String broken = SdpMedia.checkMediaLine(l.value());
        if (broken != null) {
          throw error(lineNo, broken, line);
        }
        if (current != null) {
          media.add(new SdpMedia(current));
        }
        current = new ArrayList<>();
      } else if (l.isAttribute("rtpmap") && RtpMap.parseOrNull(l.attributeValue().orElse("")) == null) {
        throw error(lineNo, RtpMap.RULE, line);
      }
      (current == null ? session : current).add(l);
    }
    if (!seenVersion) {
      throw new SdpException("SDP: description is empty, " + V_RULE);
    }
    if (current != null) {
      media.add(new SdpMedia(current));
    }
    return new Sdp(session, media);
  }

  private static SdpException error(int lineNo, String rule, String line) {
    return new SdpException("SDP line " + lineNo + ": " + rule + ", got '" + line + "'");
  }

  /** Every line, CRLF after each (including the last), as RFC 4566 §5 requires. */
  public String format() {
    StringBuilder sb = new StringBuilder(256 + 64 * sessionLines.size());
    for (SdpLine l : sessionLines) {
      sb.append(l.format()).append("\r\n");
    }
    for (SdpMedia m : media) {
      for (SdpLine l : m.lines()) {
        sb.append(l.format()).append("\r\n");
      }
    }
    return sb.toString();
  }

  /** Session-level {@code a=} attributes in order. */
  public List<SdpAttribute> attributes() {
    return sessionLines.stream().filter(SdpLine::isAttribute).map(SdpAttribute::of).toList();
  }

  /** The value of the first session-level {@code a=name:value}, trimmed. */
  public Optional<String> attribute(String name) {
    return SdpMedia.firstAttribute(sessionLines, name);
  }

  /** The session-level (aggregate) {@code a=control:} value, e.g. {@code *}. */
  public Optional<String> control() {
    return attribute("control");
  }

  /**
   * The session-level {@code a=range:} (e.g. {@code npt=now-30} from GStreamer VOD, {@code npt=now-} live), or
   * empty when absent or malformed; an odd range must not make the whole description unusable.
   */
  public Optional<RangeHeader> range() {
    Optional<String> raw = attribute("range");
    if (raw.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(RangeHeader.parse(raw.get()));
    } catch (RtspHeaderException e) {
      return Optional.empty();
    }
  }

  /** The aggregate control URL: the session-level control resolved against {@code base}. */
  public String aggregateControlUrl(String base) {
    return ControlUrl.resolve(base, control().orElse("*"));
  }

  /**
   * The control URL of {@code m}. Relative media controls resolve against the session-level control when that is
   * an absolute URL (as live555 does), else against {@code base}.
   */
  public String controlUrl(SdpMedia m, String base) {
    String sessionControl = control().orElse("*");
    String mediaBase = ControlUrl.isAbsolute(sessionControl) ? sessionControl : base;
    return m.controlUrl(mediaBase);
  }

  /**
   * A copy with every {@code a=control:} value, session-level and per media, replaced by
   * {@code rewrite.apply(trimmedValue)}; lines for which the function returns the same value are kept verbatim.
   */
  public Sdp withControls(UnaryOperator<String> rewrite) {
    return new Sdp(SdpMedia.rewriteControls(sessionLines, rewrite),
        media.stream().map(m -> m.withControls(rewrite)).toList());
  }

  /**
   * A copy whose session-level {@code a=name:} says {@code value}: the first such line replaced (the
   * others dropped), or one added after the last session-level line when there is none.
   */
  public Sdp withSessionAttribute(String name, String value) {
    List<SdpLine> lines = new java.util.ArrayList<>();
    boolean set = false;
    for (SdpLine l : sessionLines) {
      if (!l.isAttribute(name)) {
        lines.add(l);
      } else if (!set) {
        lines.add(SdpLine.attribute(name, value));
        set = true;
      }
    }
    if (!set) {
      lines.add(SdpLine.attribute(name, value));
    }
    return new Sdp(lines, media);
  }

  /** A copy without the attributes called {@code name}, at session level and in every media section. */
  public Sdp withoutAttributes(String name) {
    return new Sdp(sessionLines.stream().filter(l -> !l.isAttribute(name)).toList(),
        media.stream().map(m -> m.withoutAttributes(name)).toList());
  }
}
