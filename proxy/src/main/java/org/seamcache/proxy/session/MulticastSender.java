package org.seamcache.proxy.session;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.seamcache.proxy.onward.ChannelOffset;
import org.seamcache.proxy.onward.MulticastGroup;
import org.seamcache.proxy.relay.DeliveryTotals;
import org.seamcache.proxy.relay.UdpViewerOutput;
import org.seamcache.proxy.route.OriginTarget;
import org.seamcache.proxy.transport.Transports;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one offset of a time-offset channel to its multicast group: the same playout a unicast
 * viewer of the offset gets ({@link ChannelPlayback}: joined at the offset's start, paced by the
 * source's RTP timestamps, the recorded sender reports on each track's RTCP port), once, for every
 * receiver of the group; viewers that SETUP the offset with {@code Transport: RTP/AVP;multicast}
 * are only told the group. It starts when the offset starts (a router's receivers do not ask: the
 * stream must be there), from a socket of its own with the group's TTL, and stops when the offset
 * has played the whole source (a BYE per track) or the proxy stops.
 *
 * <p>Confined to its event loop after {@link #startAt}.
 */
final class MulticastSender {
  private static final Logger log = LoggerFactory.getLogger(MulticastSender.class);
  /** A start that fails (the recording's first packets not on disk yet, just after the source started) is tried again, so often. */
  private static final int START_TRIES = 50;
  private static final long START_RETRY_MILLIS = 200;
  /**
   * The socket's buffer and Netty's queue in front of it hold a whole picture group sent at once
   * (a playout catching up after a late tick): beyond them packets are dropped and counted, and every
   * receiver of the group loses them. As the viewers' shared UDP ports.
   */
  private static final int SEND_BUFFER_BYTES = 8 << 20;
  private static final io.netty.channel.WriteBufferWaterMark BURST = new io.netty.channel.WriteBufferWaterMark(16 << 20, 32 << 20);

  private final ChannelFeed feed;
  private final ChannelOffset offset;
  private final MulticastGroup group;
  private final int ttl;
  private final ContentSources sources;
  private final EventLoop loop;
  private final DeliveryTotals totals;
  private final LongSupplier epochNanos;
  private ScheduledFuture<?> due;
  private Channel socket;
  private ChannelPlayback playback;
  private volatile State state = State.WAITING;
  private boolean closed;

  /** Where a sender stands, for status. */
  enum State {
    WAITING,
    SENDING,
    ENDED,
    FAILED
  }

  MulticastSender(ChannelFeed feed, ChannelOffset offset, MulticastGroup group, int ttl, ContentSources sources, EventLoop loop,
      DeliveryTotals totals, LongSupplier epochNanos) {
    this.feed = feed;
    this.offset = offset;
    this.group = group;
    this.ttl = ttl;
    this.sources = sources;
    this.loop = loop;
    this.totals = totals;
    this.epochNanos = epochNanos;
  }

  MulticastGroup group() {
    return group;
  }

  int ttl() {
    return ttl;
  }

  State state() {
    return state;
  }

  /** Starts sending when the offset starts (the source's start + the offset), at once if it has. */
  void startAt(long startsAtEpochNanos) {
    loop.execute(() -> {
      if (closed) {
        return;
      }
      long waitNanos = Math.max(0, startsAtEpochNanos - epochNanos.getAsLong());
      due = loop.schedule(this::open, waitNanos, TimeUnit.NANOSECONDS);
    });
  }

  private void open() {
    if (closed) {
      return;
    }
    String name = feed.spec().name() + "/" + offset.label();
    new Bootstrap().group(loop).channel(Transports.datagramChannel())
        .option(ChannelOption.IP_MULTICAST_TTL, ttl)
        .option(ChannelOption.SO_SNDBUF, SEND_BUFFER_BYTES)
        .option(ChannelOption.WRITE_BUFFER_WATER_MARK, BURST)
        .handler(new NothingReceived())
        .bind(new InetSocketAddress(0))
        .addListener(f -> {
          if (!f.isSuccess()) {
            state = State.FAILED;
            log.warn("channel {}: multicast to {} cannot start: {}", name, group.format(), f.cause().toString());
            return;
          }
          Channel ch = ((io.netty.channel.ChannelFuture) f).channel();
          if (closed) {
            ch.close();
            return;
          }
          socket = ch;
          play(name, START_TRIES);
        });
  }

  private void play(String name, int tries) {
    int n = feed.description().orElseThrow().tracks().size();
    InetSocketAddress[] rtp = new InetSocketAddress[n];
    InetSocketAddress[] rtcp = new InetSocketAddress[n];
    int[] tracks = new int[n];
    for (int t = 0; t < n; t++) {
      rtp[t] = group.rtp(t);
      rtcp[t] = group.rtcp(t);
      tracks[t] = t;
    }
    if (closed) {
      return;
    }
    UdpViewerOutput output = new UdpViewerOutput(socket, socket, rtp, rtcp, totals);
    ContentRef content = new ContentRef(new OriginTarget(feed.spec().source(), "multicast://" + group.format()),
        feed.description().orElseThrow(), null, null, new Channels.OffsetStream(feed, offset));
    ChannelPlayback p = new ChannelPlayback(content.channel(), sources, content, output, loop, tracks, epochNanos, System::nanoTime,
        () -> loop.execute(this::ended));
    playback = p;
    p.play(null).whenComplete((answer, err) -> loop.execute(() -> {
      if (err != null && tries > 1 && !closed) {
        p.close();
        loop.schedule(() -> play(name, tries - 1), START_RETRY_MILLIS, TimeUnit.MILLISECONDS);
        return;
      }
      if (err != null) {
        state = State.FAILED;
        log.warn("channel {}: multicast to {} cannot start: {}", name, group.format(), (err.getCause() != null ? err.getCause() : err).getMessage());
        close();
        return;
      }
      if (!closed) {
        state = State.SENDING;
        answer.afterWrite().run();
        log.info("channel {}: sending to multicast group {} (TTL {}, {} track(s) from port {})", name, group.format(), ttl, n, group.port());
      }
    }));
  }

  private void ended() {
    state = State.ENDED;
    log.info("channel {}/{}: multicast to {} has played the whole source", feed.spec().name(), offset.label(), group.format());
    close();
  }

  /** The proxy is stopping: a BYE per track to the group, then nothing more. */
  void sayGoodbye() {
    loop.execute(() -> {
      if (playback != null) {
        playback.sayGoodbye();
      }
    });
  }

  /** Stops for good and closes the socket; idempotent. */
  void close() {
    loop.execute(() -> {
      if (closed) {
        return;
      }
      closed = true;
      if (due != null) {
        due.cancel(false);
      }
      if (playback != null) {
        playback.close();
      }
      if (socket != null) {
        // after the playout's last packets: it closes on this loop, in order
        Channel s = socket;
        loop.execute(() -> s.close());
      }
    });
  }

  /** Datagrams sent to the sender's own port are nobody's: dropped (SimpleChannelInboundHandler releases them). */
  private static final class NothingReceived extends SimpleChannelInboundHandler<DatagramPacket> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket msg) {}
  }
}
