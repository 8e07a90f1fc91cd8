package org.seamcache.proxy.rtsp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The RTP-Info header of a PLAY reply (RFC 2326 §12.33), one {@link RtpInfoEntry} per stream:
 * {@code url=rtsp://h/vod/stream=0;seq=20949;rtptime=406436899, url=rtsp://h/vod/stream=1;seq=26550}.
 * Immutable.
 */
public record RtpInfoHeader(List<RtpInfoEntry> entries) {

  /** Entries are separated by a comma only where the next entry begins; URLs may hold commas. */
  private static final Pattern ENTRY_SEPARATOR = Pattern.compile(",\\s*(?=[uU][rR][lL]=)");

  public RtpInfoHeader {
    entries = List.copyOf(entries);
    if (entries.isEmpty()) {
      throw new IllegalArgumentException("an RTP-Info header needs at least one entry");
    }
  }

  public static RtpInfoHeader of(RtpInfoEntry... entries) {
    return new RtpInfoHeader(List.of(entries));
  }

  public static RtpInfoHeader parse(String value) throws RtspHeaderException {
    QuotedText.rejectControlChars("RTP-Info", value);
    String v = value.trim();
    while (v.endsWith(",")) {
      v = v.substring(0, v.length() - 1).trim(); // a trailing empty list element
    }
    if (v.isEmpty()) {
      throw RtspHeaderException.badRequest("RTP-Info: header must hold at least one url=... entry");
    }
    List<RtpInfoEntry> entries = new ArrayList<>();
    for (String part : splitEntries(v)) {
      entries.add(RtpInfoEntry.parse(part.trim()));
    }
    return new RtpInfoHeader(entries);
  }

  /** Splits before each {@code url=} that follows a comma outside a quoted URL. */
  private static List<String> splitEntries(String v) {
    List<String> parts = new ArrayList<>();
    boolean quoted = false;
    int start = 0;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (quoted && c == '\\') {
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted && ENTRY_SEPARATOR.matcher(v).region(i, v.length()).lookingAt()) {
        parts.add(v.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(v.substring(start));
    return parts;
  }

  /** The entry whose url equals {@code url}, if any. */
  public Optional<RtpInfoEntry> entryFor(String url) {
    return entries.stream().filter(e -> e.url().equals(url)).findFirst();
  }

  /** Entries joined by {@code ", "} as GStreamer and live555 do. */
  public String format() {
    return entries.stream().map(RtpInfoEntry::format).collect(Collectors.joining(", "));
  }
}
