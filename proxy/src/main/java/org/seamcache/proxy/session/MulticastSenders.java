package org.seamcache.proxy.session;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.seamcache.proxy.onward.ChannelOffset;
import org.seamcache.proxy.onward.ChannelMulticast;
import org.seamcache.proxy.onward.MulticastGroup;
import org.seamcache.proxy.onward.MulticastSdp;
import org.seamcache.proxy.relay.DeliveryTotals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The multicast senders of every channel offset configured with a group ({@code
 * channel.NAME.multicast}): once a channel's source plays (its description known, its first packet
 * come), it writes each such offset's SDP file to {@code DATA_DIR/multicast/NAME-OFFSET.sdp} and
 * starts its {@link MulticastSender} at the offset's start. Offsets the origin names ({@code @sdp:})
 * are matched when it has named them. Thread-safe.
 */
public final class MulticastSenders {
  private static final Logger log = LoggerFactory.getLogger(MulticastSenders.class);
  private static final long WATCH_MILLIS = 100;

  private final Channels channels;
  private final Path sdpDir;
  private final Executor blocking;
  private final DeliveryTotals totals;
  private final LongSupplier epochNanos;
  private final List<MulticastSender> senders = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final List<ScheduledFuture<?>> watches = new ArrayList<>();
  private final java.util.Map<String, MulticastSender> byOffset = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /**
   * @param sdpDir where the SDP files go ({@code DATA_DIR/multicast})
   * @param blocking where files are written (never an event loop)
   */
  public MulticastSenders(Channels channels, Path sdpDir, Executor blocking, DeliveryTotals totals, LongSupplier epochNanos) {
    this.channels = channels;
    this.sdpDir = sdpDir;
    this.blocking = blocking;
    this.totals = totals;
    this.epochNanos = epochNanos;
  }

  /** Watches each channel with multicast offsets until its source plays, then starts their senders. */
  public synchronized void start(ContentSources sources, EventLoopGroup group) {
    for (ChannelFeed feed : channels.feeds()) {
      ChannelMulticast m = feed.spec().multicast();
      if (m.isEmpty()) {
        continue;
      }
      io.netty.channel.EventLoop loop = group.next();
      ScheduledFuture<?>[] watch = new ScheduledFuture<?>[1];
      watch[0] = loop.scheduleAtFixedRate(() -> {
        if (closed || feed.startEpochNanos() == 0 || feed.description().isEmpty() || feed.offsets().isEmpty()) {
          return; // not playing yet (a failed fetch is tried again by the feed)
        }
        watch[0].cancel(false);
        startSenders(feed, m, sources, loop);
      }, WATCH_MILLIS, WATCH_MILLIS, TimeUnit.MILLISECONDS);
      watches.add(watch[0]);
    }
  }

  private void startSenders(ChannelFeed feed, ChannelMulticast m, ContentSources sources, io.netty.channel.EventLoop loop) {
    String name = feed.spec().name();
    List<ChannelOffset> offsets = feed.offsets().orElseThrow();
    for (String label : m.groups().keySet()) {
      if (offsets.stream().noneMatch(o -> o.label().equals(label))) {
        log.warn("channel {}: multicast is configured for offset {}, which the origin did not name (it named {})", name, label,
            String.join(", ", offsets.stream().map(ChannelOffset::label).toList()));
      }
    }
    for (ChannelOffset o : offsets) {
      Optional<MulticastGroup> g = m.groupOf(o.label());
      if (g.isEmpty()) {
        continue;
      }
      MulticastSender s = new MulticastSender(feed, o, g.get(), m.ttl(), sources, loop, totals, epochNanos);
      synchronized (this) {
        if (closed) {
          return;
        }
        senders.add(s);
        byOffset.put(name + "/" + o.label(), s);
        feed.multicastSenders.put(o.label(), s);
      }
      String sdp = MulticastSdp.of(feed.description().orElseThrow().sdp(), g.get(), m.ttl(), name + "/" + o.label(),
          feed.startEpochNanos() / 1_000_000_000L);
      blocking.execute(() -> writeSdp(sdpFile(name, o.label()), sdp));
      s.startAt(feed.startEpochNanos() + o.offset().toNanos());
    }
  }

  /** Where the SDP file of {@code channel}'s offset {@code label} is written. */
  public Path sdpFile(String channel, String label) {
    return sdpDir.resolve(channel + "-" + label + ".sdp");
  }

  private static void writeSdp(Path file, String sdp) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(tmp, sdp, StandardCharsets.US_ASCII);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      log.info("multicast SDP written: {}", file);
    } catch (IOException e) {
      log.warn("multicast SDP {} cannot be written: {}", file, e.toString());
    }
  }

  /** The sender of {@code channel}'s offset {@code label}, once it is started. */
  Optional<MulticastSender> sender(String channel, String label) {
    return Optional.ofNullable(byOffset.get(channel + "/" + label));
  }

  /** The proxy is stopping: each group is told its stream ends (a BYE per track). */
  public void sayGoodbye() {
    senders.forEach(MulticastSender::sayGoodbye);
  }

  /** Stops every sender and watch; idempotent. */
  public synchronized void close() {
    closed = true;
    watches.forEach(w -> w.cancel(false));
    senders.forEach(MulticastSender::close);
  }
}
