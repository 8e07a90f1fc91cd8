package org.seamcache.proxy.session;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;
import org.seamcache.proxy.onward.ChannelOffset;
import org.seamcache.proxy.onward.ChannelSpec;
import org.seamcache.proxy.onward.ChannelTimeline;
import org.seamcache.proxy.route.OriginTarget;
import org.seamcache.proxy.upstream.ContentDescription;
import org.seamcache.proxy.upstream.PacketSink;
import org.seamcache.proxy.upstream.ReceivedRtp;
import org.seamcache.proxy.upstream.UpstreamLeg;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one fetch of a time-offset channel's source: one upstream session (TCP-interleaved, all
 * tracks), started with the proxy and recorded like any leg; the channel's offsets are playouts of
 * that recording. It notes when the first packet came (the channel's start) and each track's first
 * RTP timestamp (media time zero), from which each offset's {@link ChannelTimeline} follows. The
 * source is fetched once: when its leg ends (the title has all arrived, or the origin failed) it is
 * not fetched again; offsets play what was recorded. A fetch that cannot start (the origin down or
 * refusing, its offsets missing) is tried again with back-off ({@link #FIRST_RETRY_NANOS} doubling
 * up to {@link #MAX_RETRY_NANOS}) until it starts or the proxy stops, instead of leaving the channel
 * down until a restart.
 *
 * <p>Its state is written on the leg's event loop and read by viewers' requests (volatile, atomic).
 */
final class ChannelFeed {
  private static final Logger log = LoggerFactory.getLogger(ChannelFeed.class);
  /** The wait before the first retry of a fetch that could not start; each further one waits twice as long as the one before. */
  static final long FIRST_RETRY_NANOS = 1_000_000_000L;
  /** The longest wait between retries: an origin back after an outage is found within this. */
  static final long MAX_RETRY_NANOS = 30_000_000_000L;

  private final ChannelSpec spec;
  private final OriginTarget target;
  private final LongSupplier epochNanos;
  private volatile ContentDescription description;
  private volatile java.util.List<ChannelOffset> offsets; // configured, or read from the origin's SDP
  private volatile String recordingId;
  private volatile long startEpochNanos; // 0: no packet yet
  private volatile AtomicLongArray firstRtpTime;
  private volatile String failure;
  private volatile boolean ended;
  private volatile int storedLeg = -1;
  private volatile int attempts;
  private volatile long nextAttemptEpochNanos; // 0: none planned
  private volatile boolean closed;
  private volatile io.netty.util.concurrent.ScheduledFuture<?> retry;
  /** Media nanoseconds from the first packet to the last one received so far (by RTP timestamp, track 0). */
  private volatile long receivedMediaNanos;

  ChannelFeed(ChannelSpec spec, LongSupplier epochNanos) {
    this.spec = spec;
    this.target = new OriginTarget(spec.source(), spec.source().toString());
    this.epochNanos = epochNanos;
    this.offsets = spec.fromOrigin() == null ? spec.offsets() : null;
  }

  ChannelSpec spec() {
    return spec;
  }

  OriginTarget target() {
    return target;
  }

  /** Opens the source's leg on {@code loop} and plays it from the start, recorded; tries again with back-off if it cannot. */
  void start(ContentSources sources, EventLoop loop) {
    attempt(sources, loop);
  }

  /** Stops retrying (the proxy is stopping); the leg itself is torn down with the others. */
  void close() {
    closed = true;
    io.netty.util.concurrent.ScheduledFuture<?> r = retry;
    if (r != null) {
      r.cancel(false);
    }
  }

  private void attempt(ContentSources sources, EventLoop loop) {
    if (closed) {
      return;
    }
    int attempt = ++attempts;
    nextAttemptEpochNanos = 0;
    startEpochNanos = 0;
    receivedMediaNanos = 0;
    FirstPackets firstPackets = new FirstPackets(attempt);
    sources.openReliableLeg(target, loop).thenCompose(leg -> {
      ContentDescription d = leg.content();
      if (spec.fromOrigin() != null) {
        try {
          offsets = org.seamcache.proxy.onward.ChannelSpec.offsets(spec.name(),
              spec.fromOrigin().read(d.sdp()::attribute, n -> Optional.ofNullable(leg.describeHeader(n))));
        } catch (IllegalArgumentException e) {
          leg.eventLoop().execute(leg::teardown);
          throw e;
        }
      }
      long[] none = new long[d.tracks().size()];
      Arrays.fill(none, -1);
      firstRtpTime = new AtomicLongArray(none);
      int[] all = new int[d.tracks().size()];
      Arrays.setAll(all, i -> i);
      return leg.start(all, null, firstPackets).thenApply(played -> {
        Optional<String> id = sources.liveRecording(target);
        if (id.isEmpty()) {
          leg.eventLoop().execute(leg::teardown);
          throw new IllegalStateException("its source is not being recorded (the record setting leaves it out, or no data directory)");
        }
        recordingId = id.get();
        description = d;
        return leg;
      });
    }).whenComplete((leg, err) -> {
      if (err != null) {
        Throwable cause = err.getCause() != null ? err.getCause() : err;
        failure = cause.getMessage();
        long wait = Math.min(MAX_RETRY_NANOS, FIRST_RETRY_NANOS << Math.min(attempt - 1, 30));
        if (closed) {
          return;
        }
        nextAttemptEpochNanos = epochNanos.getAsLong() + wait;
        log.warn("channel {}: the source {} could not be fetched (attempt {}): {}; trying again in {} s", spec.name(), target.originForLog(),
            attempt, failure, wait / 1_000_000_000L);
        retry = loop.schedule(() -> attempt(sources, loop), wait, java.util.concurrent.TimeUnit.NANOSECONDS);
      } else {
        failure = null;
        log.info("channel {}: fetching {} once, recorded as {}; offsets {}{}", spec.name(), target.originForLog(), recordingId,
            String.join(", ", offsets.stream().map(ChannelOffset::label).toList()),
            spec.fromOrigin() == null ? "" : " (from the origin's " + spec.fromOrigin().format() + ")");
      }
    });
  }

  /** The channel's offsets: configured, or once the origin described the source, its; empty before. */
  Optional<java.util.List<ChannelOffset>> offsets() {
    return Optional.ofNullable(offsets);
  }

  /** The source's description once its fetch plays, else empty. */
  Optional<ContentDescription> description() {
    return Optional.ofNullable(description);
  }

  String recordingId() {
    return recordingId;
  }

  /** Why the source could not be fetched, if it could not. */
  Optional<String> failure() {
    return Optional.ofNullable(failure);
  }

  /** When the source's first packet came (epoch ns), or 0 before. */
  long startEpochNanos() {
    return startEpochNanos;
  }

  /** How much of the source has come, in media time (its length once {@link #ended}). */
  long receivedMediaNanos() {
    return receivedMediaNanos;
  }

  /** The leg has ended: nothing more is written. */
  boolean ended() {
    return ended;
  }

  /** The time line of one offset (after the first packet came), for the packets of the stored leg {@code leg}. */
  ChannelTimeline timeline(ChannelOffset offset, int leg) {
    AtomicLongArray firsts = firstRtpTime;
    int[] rates = description.tracks().stream().mapToInt(ContentDescription.Track::clockRateHz).toArray();
    return new ChannelTimeline(startEpochNanos, offset.offset().toNanos(), firsts::get, rates, epochNanos, leg);
  }

  /**
   * The stored leg of this fetch in the recording (other viewers of the same source may add legs of
   * their own to it): the one whose first packet of a track carries the timestamp this fetch's first
   * packet of it did; -1 while none is written yet. Reads the disk: call it off the event loop.
   */
  int storedLeg(org.seamcache.storage.RecordingReader scan) {
    if (storedLeg >= 0) {
      return storedLeg;
    }
    AtomicLongArray firsts = firstRtpTime;
    scan.toStart();
    int bound = 100_000; // the fetch's first packets are among the first written
    while (bound-- > 0) {
      try {
        if (!scan.next()) {
          return -1;
        }
      } catch (org.seamcache.storage.CorruptExcerptException e) {
        continue;
      }
      int t = scan.track();
      if (scan.kind() == org.seamcache.storage.PacketKind.RTP && t >= 0 && t < firsts.length() && firsts.get(t) >= 0) {
        java.nio.ByteBuffer p = scan.packet();
        int at = p.position();
        long ts = p.remaining() < 8 ? -1
            : ((p.get(at + 4) & 0xFFL) << 24) | ((p.get(at + 5) & 0xFFL) << 16) | ((p.get(at + 6) & 0xFFL) << 8) | (p.get(at + 7) & 0xFFL);
        if (ts == firsts.get(t)) {
          storedLeg = scan.leg();
          return storedLeg;
        }
      }
    }
    return -1;
  }

  /** The multicast senders of this channel's offsets, by label, once started ({@link MulticastSenders}). */
  final java.util.Map<String, MulticastSender> multicastSenders = new java.util.concurrent.ConcurrentHashMap<>();

  /** How many fetches were begun (the first, and each retry). */
  int attempts() {
    return attempts;
  }

  /** When the next try of a fetch that could not start is due (epoch ns), or 0 when none is planned. */
  long nextAttemptEpochNanos() {
    return nextAttemptEpochNanos;
  }

  /** Notes the first packet of the source and of each track; the recorder taps the leg itself. */
  private final class FirstPackets implements PacketSink {
    private final int attempt;

    FirstPackets(int attempt) {
      this.attempt = attempt;
    }

    @Override
    public void onPacket(int track, ReceivedRtp rtp, ByteBuf packet, long arrivalNanos) {
      if (attempt != attempts || rtp == null || track < 0 || track >= firstRtpTime.length()) {
        return;
      }
      if (firstRtpTime.get(track) >= 0) {
        int rate = description == null ? 0 : description.tracks().get(track).clockRateHz();
        if (track == 0 && rate > 0) {
          long ticks = (int) (rtp.header().timestamp() - firstRtpTime.get(track));
          receivedMediaNanos = Math.max(receivedMediaNanos, ticks * 1_000_000_000L / rate);
        }
        return;
      }
      firstRtpTime.set(track, rtp.header().timestamp());
      if (startEpochNanos == 0) {
        startEpochNanos = epochNanos.getAsLong();
      }
    }

    @Override
    public void onBatchEnd() {}

    @Override
    public void onLegClosed(String reason) {
      if (attempt != attempts || description == null) {
        return; // a leg of a fetch that could not start: the retry is planned
      }
      ended = true;
      log.info("channel {}: the source's fetch ended ({}); offsets play on from the recording", spec.name(), reason);
    }
  }
}
