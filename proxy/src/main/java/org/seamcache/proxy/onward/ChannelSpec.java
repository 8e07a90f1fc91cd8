package org.seamcache.proxy.onward;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A configured time-offset channel: one source fetched once, served at each offset as its own URL
 * ({@code --channel film15=rtsp://origin/film@0,15m,30m,45m} gives {@code rtsp://proxy/film15/0},
 * {@code .../film15/15m} and so on). The offsets may instead come from the origin's DESCRIBE
 * answer ({@code URL@sdp:NAME} or {@code URL@header:NAME}, {@link OriginOffsets}; {@link #offsets()}
 * is then empty). Immutable.
 */
public record ChannelSpec(String name, URI source, List<ChannelOffset> offsets, OriginOffsets fromOrigin, ChannelMulticast multicast) {
  public ChannelSpec {
    offsets = List.copyOf(offsets);
    multicast = multicast == null ? ChannelMulticast.NONE : multicast;
    for (String label : multicast.groups().keySet()) {
      if (fromOrigin == null && offsets.stream().noneMatch(o -> o.label().equals(label))) {
        throw new IllegalArgumentException("channel " + name + ".multicast names offset " + label + ", which the channel does not have");
      }
    }
    if (offsets.isEmpty() == (fromOrigin == null)) {
      throw new IllegalArgumentException("channel " + name + " has offsets, or names the origin's SDP attribute that gives them, not both");
    }
  }

  public ChannelSpec(String name, URI source, List<ChannelOffset> offsets, OriginOffsets fromOrigin) {
    this(name, source, offsets, fromOrigin, ChannelMulticast.NONE);
  }

  public ChannelSpec(String name, URI source, List<ChannelOffset> offsets) {
    this(name, source, offsets, null);
  }

  /** The same channel with these offsets also sent as multicast. */
  public ChannelSpec withMulticast(ChannelMulticast m) {
    return new ChannelSpec(name, source, offsets, fromOrigin, m);
  }

  /**
   * Reads {@code URL@OFFSET,OFFSET...} for the channel {@code name}.
   *
   * @throws IllegalArgumentException with what is wrong, for an operator to read
   */
  public static ChannelSpec parse(String name, String value) {
    if (name.isEmpty() || !name.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException("channel name '" + name + "' must be letters, digits, '.', '_' or '-'");
    }
    int at = value.lastIndexOf('@');
    if (at < 0) {
      throw new IllegalArgumentException("channel " + name + " must be URL@OFFSETS, e.g. rtsp://origin/film@0,15m,30m; got '"
          + org.seamcache.proxy.rtsp.RtspUrl.redact(value) + "'");
    }
    URI source;
    try {
      source = new URI(value.substring(0, at).trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("channel " + name + ": '" + org.seamcache.proxy.rtsp.RtspUrl.redact(value.substring(0, at)) + "' is not a URL");
    }
    if (!"rtsp".equalsIgnoreCase(source.getScheme()) || source.getHost() == null) {
      throw new IllegalArgumentException("channel " + name + ": the source must be an rtsp:// URL with a host, got '"
          + org.seamcache.proxy.rtsp.RtspUrl.redact(source.toString()) + "'");
    }
    String after = value.substring(at + 1).trim();
    Optional<OriginOffsets> fromOrigin;
    try {
      fromOrigin = OriginOffsets.parse(after);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("channel " + name + ": " + e.getMessage());
    }
    if (fromOrigin.isPresent()) {
      return new ChannelSpec(name, source, List.of(), fromOrigin.get());
    }
    return new ChannelSpec(name, source, offsets(name, after));
  }

  /**
   * Reads {@code 0,15m,30m} (the configuration's, or the origin's attribute).
   *
   * @throws IllegalArgumentException naming the offset that is wrong, or one named twice
   */
  public static List<ChannelOffset> offsets(String name, String list) {
    List<ChannelOffset> offsets = new ArrayList<>();
    Set<String> labels = new HashSet<>();
    for (String part : list.split(",")) {
      ChannelOffset o = ChannelOffset.parse(part);
      if (!labels.add(o.label())) {
        throw new IllegalArgumentException("channel " + name + " names offset " + o.label() + " twice");
      }
      offsets.add(o);
    }
    return offsets;
  }

  /** The offset addressed by {@code label}, if the channel has it (configured offsets). */
  public Optional<ChannelOffset> offset(String label) {
    return offsets.stream().filter(o -> o.label().equals(label)).findFirst();
  }

  /** How the channel is written in the configuration: {@code URL@0,15m} or {@code URL@sdp:NAME}. */
  public String format() {
    return source + "@" + (fromOrigin != null ? fromOrigin.format() : String.join(",", offsets.stream().map(ChannelOffset::label).toList()));
  }
}
