package org.seamcache.proxy.rtsp;

/** A Range in a unit other than npt ({@code smpte=...}, {@code clock=...}), kept verbatim. Immutable. */
public record OpaqueRange(String value) implements RangeHeader {

  public OpaqueRange {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("range value is empty");
    }
  }

  @Override
  public String format() {
    return value;
  }
}
