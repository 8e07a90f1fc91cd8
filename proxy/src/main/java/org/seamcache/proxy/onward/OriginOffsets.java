package org.seamcache.proxy.onward;

import java.util.Optional;
import java.util.function.Function;

/**
 * Where the origin names a channel's offsets ({@code 0,15m,30m}) when the configuration leaves it to
 * the origin: a session attribute of its SDP ({@code URL@sdp:x-offsets} reads {@code
 * a=x-offsets:...}) or a header of its DESCRIBE answer ({@code URL@header:X-Offsets}). Immutable.
 */
public record OriginOffsets(Place place, String name) {
  /** What of the DESCRIBE answer carries the offsets. */
  public enum Place {
    SDP("sdp:", "a="),
    HEADER("header:", "header ");

    private final String prefix;
    private final String shown;

    Place(String prefix, String shown) {
      this.prefix = prefix;
      this.shown = shown;
    }
  }

  public OriginOffsets {
    if (!name.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException(place.prefix + " names an " + (place == Place.SDP ? "SDP attribute" : "RTSP header")
          + " (letters, digits, '.', '_', '-'), got '" + name + "'");
    }
  }

  /** {@code sdp:NAME} or {@code header:NAME}, else empty (a list of offsets). */
  public static Optional<OriginOffsets> parse(String text) {
    for (Place p : Place.values()) {
      if (text.startsWith(p.prefix)) {
        return Optional.of(new OriginOffsets(p, text.substring(p.prefix.length())));
      }
    }
    return Optional.empty();
  }

  /**
   * The offsets' text in a DESCRIBE answer.
   *
   * @param sdpAttribute the SDP's session attribute by name
   * @param header the answer's header by name
   * @throws IllegalArgumentException when the answer does not carry it
   */
  public String read(Function<String, Optional<String>> sdpAttribute, Function<String, Optional<String>> header) {
    Optional<String> v = place == Place.SDP ? sdpAttribute.apply(name) : header.apply(name);
    return v.orElseThrow(() -> new IllegalArgumentException("the origin's DESCRIBE answer has no " + place.shown + name + " to give the offsets"));
  }

  /** As written in the configuration. */
  public String format() {
    return place.prefix + name;
  }
}
