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
 * {@code .../film15/15m} and so on). Immutable.
 */
public record ChannelSpec(String name, URI source, List<ChannelOffset> offsets) {
  public ChannelSpec {
    offsets = List.copyOf(offsets);
    if (offsets.isEmpty()) {
      throw new IllegalArgumentException("channel " + name + " has no offsets");
    }
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
    List<ChannelOffset> offsets = new ArrayList<>();
    Set<String> labels = new HashSet<>();
    for (String part : value.substring(at + 1).split(",")) {
      ChannelOffset o = ChannelOffset.parse(part);
      if (!labels.add(o.label())) {
        throw new IllegalArgumentException("channel " + name + " names offset " + o.label() + " twice");
      }
      offsets.add(o);
    }
    return new ChannelSpec(name, source, offsets);
  }

  /** The offset addressed by {@code label}, if the channel has it. */
  public Optional<ChannelOffset> offset(String label) {
    return offsets.stream().filter(o -> o.label().equals(label)).findFirst();
  }

  /** How the channel is written in the configuration: {@code URL@0,15m}. */
  public String format() {
    return source + "@" + String.join(",", offsets.stream().map(ChannelOffset::label).toList());
  }
}
