package org.seamcache.proxy.session;

import io.netty.channel.EventLoopGroup;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.seamcache.proxy.onward.ChannelOffset;
import org.seamcache.proxy.onward.ChannelSpec;
import org.seamcache.proxy.route.OriginTarget;
import org.seamcache.proxy.rtsp.RtspRetryLaterException;
import org.seamcache.proxy.rtsp.RtspStatusException;
import org.seamcache.proxy.upstream.ContentDescription;

/**
 * The time-offset channels the proxy offers: each fetches its source once ({@link ChannelFeed}) and
 * serves each offset at {@code rtsp://proxy/CHANNEL/OFFSET}. A request for an offset whose start has
 * not come yet is answered 503 with {@code Retry-After} (the stream will be there then: a temporary
 * absence, RFC 2326 §12.31, not a client error), and so is one before the source plays. Thread-safe
 * (the set is fixed at start).
 */
public final class Channels {
  /** Channels configured, none started. */
  public static final Channels NONE = new Channels(List.of(), () -> 0);

  private final Map<String, ChannelFeed> feeds = new LinkedHashMap<>();
  private final LongSupplier epochNanos;

  public Channels(List<ChannelSpec> specs, LongSupplier epochNanos) {
    this.epochNanos = epochNanos;
    for (ChannelSpec s : specs) {
      feeds.put(s.name(), new ChannelFeed(s, epochNanos));
    }
  }

  /** Every channel's fetch, in configuration order. */
  java.util.Collection<ChannelFeed> feeds() {
    return feeds.values();
  }

  /** Starts fetching every channel's source. */
  public void start(ContentSources sources, EventLoopGroup group) {
    feeds.values().forEach(f -> f.start(sources, group.next()));
  }

  /** Stops the retries of fetches that could not start (the proxy is stopping). */
  public void close() {
    feeds.values().forEach(ChannelFeed::close);
  }

  /**
   * The content of a channel offset addressed by {@code requestUri}, or empty when it names no
   * channel.
   *
   * @throws RtspStatusException 404 for an offset the channel does not have; 503 (with Retry-After)
   *     before the offset starts or the source plays; 503 when the source could not be fetched; 410
   *     once the offset has played the whole source (its fetch ended)
   */
  Optional<ContentRef> describe(String requestUri) {
    if (feeds.isEmpty()) {
      return Optional.empty();
    }
    URI uri;
    try {
      uri = new URI(requestUri);
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
    if (!"rtsp".equalsIgnoreCase(uri.getScheme()) || uri.getRawAuthority() == null || uri.getRawPath() == null) {
      return Optional.empty();
    }
    String[] parts = uri.getRawPath().replaceAll("^/+|/+$", "").split("/");
    ChannelFeed feed = feeds.get(parts[0]);
    if (feed == null) {
      return Optional.empty();
    }
    ChannelSpec spec = feed.spec();
    if (feed.failure().isPresent()) {
      long next = feed.nextAttemptEpochNanos();
      long seconds = next == 0 ? 1 : Math.max(1, (next - epochNanos.getAsLong() + 999_999_999L) / 1_000_000_000L);
      throw new RtspRetryLaterException("channel " + spec.name() + ": its source could not be fetched; trying again in " + seconds + " s", seconds);
    }
    List<ChannelOffset> offsets = feed.offsets()
        .orElseThrow(() -> new RtspRetryLaterException("channel " + spec.name() + ": its source is being opened", 1));
    String offered = String.join(", ", offsets.stream().map(ChannelOffset::label).toList());
    if (parts.length != 2) {
      throw new RtspStatusException(404, "channel " + spec.name() + " is played at one of its offsets: /" + spec.name() + "/OFFSET, OFFSET one of " + offered);
    }
    ChannelOffset offset = offsets.stream().filter(o -> o.label().equals(parts[1])).findFirst()
        .orElseThrow(() -> new RtspStatusException(404, "channel " + spec.name() + " has no offset " + parts[1] + "; it has " + offered));
    Optional<ContentDescription> description = feed.description();
    if (description.isEmpty() || feed.startEpochNanos() == 0) {
      throw new RtspRetryLaterException("channel " + spec.name() + ": its source is being opened", 1);
    }
    long startsAt = feed.startEpochNanos() + offset.offset().toNanos();
    long wait = startsAt - epochNanos.getAsLong();
    if (wait > 0) {
      long seconds = (wait + 999_999_999L) / 1_000_000_000L;
      throw new RtspRetryLaterException("channel " + spec.name() + " at " + offset.label() + " starts in " + seconds + " s", seconds);
    }
    if (feed.ended() && epochNanos.getAsLong() > startsAt + feed.receivedMediaNanos()) {
      throw new RtspStatusException(410, "channel " + spec.name() + " at " + offset.label() + " has played its source to the end");
    }
    String proxyUri = "rtsp://" + uri.getRawAuthority() + "/" + spec.name() + "/" + offset.label();
    OriginTarget target = new OriginTarget(spec.source(), proxyUri);
    return Optional.of(new ContentRef(target, asChannel(description.get()), null, null, new OffsetStream(feed, offset)));
  }

  /**
   * Where each channel stands, for {@code /status}: its fetch, and per offset its start, state,
   * viewers and multicast sender ({@code senders} may be null: none).
   */
  public List<ChannelStatus> status(SessionRegistry sessions, MulticastSenders senders) {
    long now = epochNanos.getAsLong();
    List<ChannelStatus> out = new java.util.ArrayList<>();
    for (ChannelFeed feed : feeds.values()) {
      long start = feed.startEpochNanos();
      String state = feed.failure().isPresent() ? "retrying" : feed.ended() ? "ended" : feed.description().isPresent() && start != 0 ? "playing"
          : "opening";
      List<ChannelStatus.Offset> offsets = new java.util.ArrayList<>();
      for (ChannelOffset o : feed.offsets().orElse(List.of())) {
        long startsAt = start == 0 ? 0 : start + o.offset().toNanos();
        String offsetState = start == 0 || now < startsAt ? "waiting"
            : feed.ended() && now > startsAt + feed.receivedMediaNanos() ? "ended" : "playing";
        int viewers = (int) sessions.all().stream()
            .filter(v -> v.playbackStarted() && v.content().channel() != null && v.content().channel().feed() == feed
                && v.content().channel().offset().label().equals(o.label()))
            .count();
        java.util.Optional<org.seamcache.proxy.onward.MulticastGroup> group = feed.spec().multicast().groupOf(o.label());
        String multicastState = group.isEmpty() ? null
            : senders == null ? "off" : senders.sender(feed.spec().name(), o.label()).map(x -> x.state().name().toLowerCase(java.util.Locale.ROOT))
                .orElse("waiting");
        offsets.add(new ChannelStatus.Offset(o.label(), startsAt / 1_000_000, offsetState, viewers, group.map(g -> g.format()).orElse(null),
            multicastState));
      }
      long next = feed.nextAttemptEpochNanos();
      out.add(new ChannelStatus(feed.spec().name(), feed.target().originForLog(), state, feed.failure().orElse(null), feed.attempts(),
          next / 1_000_000, start / 1_000_000, offsets));
    }
    return out;
  }

  /** An offset plays like live: from where the channel stands, no seeking (a=range:npt=now-). */
  private static ContentDescription asChannel(ContentDescription d) {
    return new ContentDescription(d.sdp().withSessionAttribute("range", "npt=now-"), d.originBase(), d.tracks(), false);
  }

  /** One offset of one channel, as a viewer's session plays it. */
  record OffsetStream(ChannelFeed feed, ChannelOffset offset) {}
}
