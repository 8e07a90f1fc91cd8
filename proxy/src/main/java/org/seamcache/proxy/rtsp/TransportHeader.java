package org.seamcache.proxy.rtsp;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The Transport header (RFC 2326 §12.39): a client's alternatives in order of preference, or the one the server
 * chose. {@code Transport: RTP/AVP/TCP;unicast;interleaved=0-1, RTP/AVP;unicast;client_port=5000-5001}.
 * Immutable.
 */
public record TransportHeader(List<TransportSpec> specs) {

  public TransportHeader {
    specs = List.copyOf(specs);
    if (specs.isEmpty()) {
      throw new IllegalArgumentException("a Transport header needs at least one transport-spec");
    }
  }

  public static TransportHeader of(TransportSpec... specs) {
    return new TransportHeader(List.of(specs));
  }

  /**
   * Parses every alternative. Empty list elements are skipped (RFC 2326 §15.1 allows them); one unsupported
   * alternative fails the whole header with 461, one malformed alternative with 400.
   */
  public static TransportHeader parse(String value) throws RtspHeaderException {
    QuotedText.rejectControlChars("Transport", value);
    List<TransportSpec> specs = new ArrayList<>();
    for (String part : QuotedText.split("Transport", value, ',')) {
      if (!part.isEmpty()) {
        specs.add(TransportSpec.parse(part));
      }
    }
    if (specs.isEmpty()) {
      throw RtspHeaderException.badRequest("Transport: header must hold at least one transport-spec");
    }
    return new TransportHeader(specs);
  }

  /** The preferred (or the server's chosen) alternative. */
  public TransportSpec first() {
    return specs.get(0);
  }

  /** Alternatives joined by {@code ","}. */
  public String format() {
    return specs.stream().map(TransportSpec::format).collect(Collectors.joining(","));
  }
}
