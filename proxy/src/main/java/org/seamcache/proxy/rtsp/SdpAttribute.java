package org.seamcache.proxy.rtsp;

import java.util.Objects;
import java.util.Optional;

/** An {@code a=name:value} (or property {@code a=name}) attribute of a session description. Immutable. */
public record SdpAttribute(String name, Optional<String> value) {

  public SdpAttribute {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
  }

  static SdpAttribute of(SdpLine line) {
    return new SdpAttribute(line.attributeName().orElseThrow(), line.attributeValue());
  }
}
