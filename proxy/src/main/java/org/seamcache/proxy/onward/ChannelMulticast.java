package org.seamcache.proxy.onward;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which offsets of a time-offset channel are also sent as multicast, each to its own group, and the
 * packets' time to live: {@code channel.film15.multicast=0@239.1.2.3:5000,15m@239.1.2.4:5000} and
 * {@code channel.film15.multicast-ttl=1} in the configuration. The default TTL, 1, keeps the packets
 * on the proxy's own link until the operator says how far they may go. Immutable.
 */
public record ChannelMulticast(Map<String, MulticastGroup> groups, int ttl) {
  /** The TTL when none is configured: 1, the sender's own link. */
  public static final int DEFAULT_TTL = 1;
  /** No offset is sent as multicast. */
  public static final ChannelMulticast NONE = new ChannelMulticast(Map.of(), DEFAULT_TTL);

  public ChannelMulticast {
    groups = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(groups));
    if (ttl < 1 || ttl > 255) {
      throw new IllegalArgumentException("multicast-ttl must be 1-255, got " + ttl);
    }
  }

  /**
   * Reads {@code OFFSET@GROUP:PORT,...} for the channel {@code name}.
   *
   * @throws IllegalArgumentException naming what is wrong: the form, an offset named twice, a group
   *     and port used by two offsets
   */
  public static ChannelMulticast parse(String name, String list, int ttl) {
    Map<String, MulticastGroup> groups = new LinkedHashMap<>();
    for (String part : list.split(",")) {
      int at = part.indexOf('@');
      if (at < 0) {
        throw new IllegalArgumentException("channel " + name + ".multicast: '" + part.trim()
            + "' must be OFFSET@GROUP:PORT, e.g. 15m@239.1.2.3:5000");
      }
      String label = ChannelOffset.parse(part.substring(0, at)).label();
      MulticastGroup g;
      try {
        g = MulticastGroup.parse(part.substring(at + 1));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("channel " + name + ".multicast: " + e.getMessage());
      }
      if (groups.containsKey(label)) {
        throw new IllegalArgumentException("channel " + name + ".multicast names offset " + label + " twice");
      }
      for (Map.Entry<String, MulticastGroup> e : groups.entrySet()) {
        if (e.getValue().equals(g)) {
          throw new IllegalArgumentException("channel " + name + ".multicast sends offsets " + e.getKey() + " and " + label + " to the same "
              + g.format() + " (give each its own group)");
        }
      }
      groups.put(label, g);
    }
    return new ChannelMulticast(groups, ttl);
  }

  /** The group offset {@code label} is sent to, if it is sent as multicast. */
  public Optional<MulticastGroup> groupOf(String label) {
    return Optional.ofNullable(groups.get(label));
  }

  public boolean isEmpty() {
    return groups.isEmpty();
  }
}
