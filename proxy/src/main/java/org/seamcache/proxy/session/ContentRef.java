package org.seamcache.proxy.session;

import org.seamcache.proxy.upstream.ContentDescription;
import org.seamcache.proxy.cache.StoredTitle;
import org.seamcache.proxy.route.OriginTarget;

/**
 * A content as one viewer addressed it: where it comes from, what it holds, and what carries it:
 * the live stream (live content), the recorded title served from disk ({@code stored}), an offset of
 * a time-offset channel ({@code channel}), or none (stored content from the origin: the viewer gets
 * its own leg). Immutable.
 */
public record ContentRef(OriginTarget target, ContentDescription description, LiveStream live, StoredTitle stored, Channels.OffsetStream channel) {
  public ContentRef(OriginTarget target, ContentDescription description, LiveStream live, StoredTitle stored) {
    this(target, description, live, stored, null);
  }

  /** The multicast group this content (a channel offset) is sent to, if it is ({@code channel.NAME.multicast}). */
  public java.util.Optional<org.seamcache.proxy.onward.MulticastGroup> multicastGroup() {
    return channel == null ? java.util.Optional.empty() : channel.feed().spec().multicast().groupOf(channel.offset().label());
  }

  /** The TTL of the packets sent to {@link #multicastGroup()}. */
  public int multicastTtl() {
    return channel == null ? org.seamcache.proxy.onward.ChannelMulticast.DEFAULT_TTL : channel.feed().spec().multicast().ttl();
  }

  public String proxyUri() {
    return target.proxyUri();
  }
}
