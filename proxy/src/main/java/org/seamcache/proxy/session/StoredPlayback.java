package org.seamcache.proxy.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.seamcache.proxy.cache.LoopCount;
import org.seamcache.proxy.cache.PlayoutPacer;
import org.seamcache.proxy.cache.StoredTitle;
import org.seamcache.proxy.relay.ViewerOutput;
import org.seamcache.proxy.rtsp.NptRange;
import org.seamcache.proxy.rtsp.RangeHeader;
import org.seamcache.proxy.rtsp.RtpInfoEntry;
import org.seamcache.proxy.rtsp.RtpInfoHeader;
import org.seamcache.proxy.rtsp.RtspStatusException;
import org.seamcache.seamer.MalformedPacketException;
import org.seamcache.seamer.RtcpNtp;
import org.seamcache.seamer.RtcpWriter;
import org.seamcache.seamer.RtpHeader;
import org.seamcache.storage.CorruptExcerptException;
import org.seamcache.storage.ExcerptIndex;
import org.seamcache.storage.RecordedPacket;
import org.seamcache.storage.RecordingReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A viewer of stored content served from the recording, with no upstream session: its own SSRC,
 * sequence and timestamp bases per track, packets paced by their RTP timestamps
 * ({@link PlayoutPacer}), RTP-Info in the PLAY answer, {@code Range} seeks from the key frame at or
 * before the asked time, PAUSE and resume, an RTCP sender report per track every few seconds with
 * one NTP-to-RTP mapping for all tracks (so players keep audio and video in sync), and a BYE at the
 * end. A packet whose bytes fail their checksum is counted and skipped, never sent. Gaps the copy
 * still has show as gaps in the sequence numbers, not as a stall.
 *
 * <p>A looping playout ({@link LoopCount}, a route's {@code loop} setting) plays the title again and
 * again as one stream: each play's sequence numbers run on from the play before by the title's span
 * of positions, and its timestamps by the loop period, so players see no reset; sender reports
 * follow the same media clock.
 *
 * <p>Confined to the viewer's event loop (methods hop onto it); its reader is its own.
 */
final class StoredPlayback implements Playback {
  private static final Logger log = LoggerFactory.getLogger(StoredPlayback.class);
  private static final long TICK_MILLIS = 10;
  private static final long SENDER_REPORT_NANOS = 5_000_000_000L;
  /** Packets sent per track per tick at most: a late tick catches up without flooding one socket. */
  private static final int MAX_PER_TICK = 512;

  private final StoredTitle title;
  private final RecordingReader reader;
  private final ViewerOutput output;
  private final EventLoop loop;
  private final int[] tracks;
  private final String proxyUri;
  private final Runnable onEnd;
  private final LongSupplier nanoClock;
  private final PlayoutPacer pacer;
  private final long[] ssrc;
  private final int[] seqBase;
  private final long[] tsBase;
  /** Per track, RTP timestamp units between the starts of two plays of a looping title. */
  private final long[] tsPerPlay;
  private final long[] packetsSent;
  private final long[] octetsSent;
  private ScheduledFuture<?> ticker;
  private boolean positioned;
  private boolean closed;
  private boolean ended;
  private long lastReportNanos;
  private long corruptSkipped;
  private volatile long bytesSent; // read by the report when the session closes

  StoredPlayback(StoredTitle title, RecordingReader reader, ViewerOutput output, EventLoop loop, int[] tracks, String proxyUri,
      Runnable onEnd, LongSupplier nanoClock) {
    this(title, reader, output, loop, tracks, proxyUri, onEnd, nanoClock, LoopCount.ONCE);
  }

  StoredPlayback(StoredTitle title, RecordingReader reader, ViewerOutput output, EventLoop loop, int[] tracks, String proxyUri,
      Runnable onEnd, LongSupplier nanoClock, LoopCount loops) {
    this.title = title;
    this.reader = reader;
    this.output = output;
    this.loop = loop;
    this.tracks = tracks.clone();
    this.proxyUri = proxyUri;
    this.onEnd = onEnd;
    this.nanoClock = nanoClock;
    this.pacer = new PlayoutPacer(title, loops);
    int n = title.tracks().size();
    this.tsPerPlay = new long[n];
    this.ssrc = new long[n];
    this.seqBase = new int[n];
    this.tsBase = new long[n];
    this.packetsSent = new long[n];
    this.octetsSent = new long[n];
    ThreadLocalRandom r = ThreadLocalRandom.current();
    for (int t = 0; t < n; t++) {
      ssrc[t] = r.nextLong(1, 1L << 32);
      seqBase[t] = r.nextInt(1 << 16);
      tsBase[t] = r.nextLong(1L << 32);
      tsPerPlay[t] = Math.round(pacer.periodSeconds() * title.tracks().get(t).clockRateHz());
    }
  }

  @Override
  public CompletableFuture<PlayAnswer> play(RangeHeader range) {
    CompletableFuture<PlayAnswer> answer = new CompletableFuture<>();
    loop.execute(() -> {
      if (closed) {
        answer.completeExceptionally(new RtspStatusException(454, "session ended"));
        return;
      }
      long now = nanoClock.getAsLong();
      double start;
      if (range instanceof NptRange n && n.start().isPresent() && !n.start().get().isNow()) {
        if (n.start().get().seconds() > pacer.endSeconds()) {
          answer.completeExceptionally(new RtspStatusException(457, "Range starts after the end of the title ("
              + String.format(Locale.ROOT, "%.3f", pacer.endSeconds()) + " s)"));
          return;
        }
        pacer.pause(now);
        start = pacer.seek(n.start().get().seconds());
        positioned = true;
        ended = false;
      } else if (!positioned) {
        start = pacer.seek(0);
        positioned = true;
      } else {
        start = pacer.mediaNow(now); // resume where it paused
      }
      pacer.pause(now);
      if (ticker == null) {
        ticker = loop.scheduleAtFixedRate(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
      }
      // packets start once the answer is out: ffmpeg drops interleaved packets that come before it
      String end = Double.isInfinite(pacer.endSeconds()) ? "" : String.format(Locale.ROOT, "%.3f", pacer.endSeconds());
      answer.complete(new PlayAnswer(String.format(Locale.ROOT, "npt=%.3f-", start) + end, rtpInfo(),
          () -> loop.execute(() -> {
            if (!closed) {
              pacer.play(nanoClock.getAsLong());
            }
          })));
    });
    return answer;
  }

  /** RTP-Info: per set-up track, the numbers of the first packet the viewer gets next. */
  private String rtpInfo() {
    List<RtpInfoEntry> entries = new ArrayList<>();
    for (int t : tracks) {
      StoredTitle.Track track = title.tracks().get(t);
      int i = Math.min(pacer.nextIndex(t), track.size() - 1);
      if (i < 0) {
        continue;
      }
      entries.add(RtpInfoEntry.of(title.description().proxyControlUri(proxyUri, t), outSeq(t, track, i), outTs(t, track, i)));
    }
    return entries.isEmpty() ? null : new RtpInfoHeader(entries).format();
  }

  /** The viewer's sequence number of packet {@code i} in the current play of track {@code t}. */
  private int outSeq(int t, StoredTitle.Track track, int i) {
    long plays = pacer.round(t);
    return (int) ((seqBase[t] + plays * track.positionSpan() + (track.positions()[i] - track.positions()[0])) & 0xFFFF);
  }

  private long outTs(int t, StoredTitle.Track track, int i) {
    long plays = pacer.round(t);
    return (tsBase[t] + plays * tsPerPlay[t] + (track.timestamps()[i] - track.timestamps()[0])) & 0xFFFF_FFFFL;
  }

  @Override
  public CompletableFuture<Void> pause() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    loop.execute(() -> {
      pacer.pause(nanoClock.getAsLong());
      done.complete(null);
    });
    return done;
  }

  @Override
  public void sayGoodbye() {
    loop.execute(() -> {
      if (closed) {
        return;
      }
      if (ticker != null) {
        ticker.cancel(false);
        ticker = null;
      }
      ended = true;
      sayBye();
      output.flush();
    });
  }

  @Override
  public void close() {
    loop.execute(() -> {
      if (closed) {
        return;
      }
      closed = true;
      if (ticker != null) {
        ticker.cancel(false);
      }
      reader.close();
      if (corruptSkipped > 0) {
        log.warn("stored {}: {} packet(s) failed their checksum and were not sent", title.originUrl(), corruptSkipped);
      }
    });
  }

  private void tick() {
    if (closed || !pacer.playing()) {
      return;
    }
    long now = nanoClock.getAsLong();
    boolean any = false;
    for (int t : tracks) {
      StoredTitle.Track track = title.tracks().get(t);
      for (int k = 0, i; k < MAX_PER_TICK && (i = pacer.due(t, now)) >= 0; k++) {
        send(t, track, i);
        pacer.sent(t);
        any = true;
      }
    }
    if (now - lastReportNanos >= SENDER_REPORT_NANOS) {
      lastReportNanos = now;
      senderReports(now);
      any = true;
    }
    if (any) {
      output.flush();
    }
    if (!ended && pacer.finished()) {
      ended = true;
      // RTP and RTCP leave on different sockets: a UDP viewer could read the BYE before the last
      // packets and stop short of them; the BYE follows a moment later.
      loop.schedule(() -> {
        if (!closed && ended) {
          sayBye();
          output.flush();
          onEnd.run();
        }
      }, UpstreamFeed.BYE_HOLD_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  private void send(int t, StoredTitle.Track track, int i) {
    RecordedPacket p;
    try {
      p = reader.read(new ExcerptIndex(track.excerpts()[i]));
    } catch (CorruptExcerptException e) {
      corruptSkipped++;
      return;
    }
    if (p == null) {
      corruptSkipped++;
      return;
    }
    byte[] bytes = p.bytes();
    int seq = outSeq(t, track, i);
    long ts = outTs(t, track, i);
    bytes[2] = (byte) (seq >>> 8);
    bytes[3] = (byte) seq;
    for (int b = 0; b < 4; b++) {
      bytes[4 + b] = (byte) (ts >>> (24 - 8 * b));
      bytes[8 + b] = (byte) (ssrc[t] >>> (24 - 8 * b));
    }
    RtpHeader h;
    try {
      h = RtpHeader.parse(bytes, 0, bytes.length);
    } catch (MalformedPacketException e) {
      corruptSkipped++;
      return;
    }
    ByteBuf packet = Unpooled.wrappedBuffer(bytes);
    try {
      output.offer(t, h, packet);
    } finally {
      packet.release();
    }
    packetsSent[t]++;
    octetsSent[t] += h.payloadLength();
    bytesSent += bytes.length;
  }

  /** RTP bytes (headers included) sent to the viewer so far. */
  long bytesSent() {
    return bytesSent;
  }

  /** One NTP time for all tracks, each with its RTP time of the same media instant: players sync on it. */
  private void senderReports(long now) {
    long ntp = RtcpNtp.fromUnixNanos(System.currentTimeMillis() * 1_000_000L);
    double media = pacer.mediaNow(now);
    for (int t : tracks) {
      StoredTitle.Track track = title.tracks().get(t);
      if (track.size() == 0 || packetsSent[t] == 0) {
        continue;
      }
      long rtp = tsBase[t] + Math.round(media * track.clockRateHz());
      byte[] sr = new byte[RtcpWriter.SENDER_REPORT_BYTES];
      RtcpWriter.writeSenderReport(sr, 0, ssrc[t], ntp, rtp, packetsSent[t], octetsSent[t]);
      ByteBuf packet = Unpooled.wrappedBuffer(sr);
      try {
        output.offer(t, null, packet);
      } finally {
        packet.release();
      }
    }
  }

  private void sayBye() {
    for (int t : tracks) {
      byte[] bye = new byte[RtcpWriter.receiverReportBytes(0) + 8];
      int n = RtcpWriter.writeReceiverReport(bye, 0, ssrc[t]);
      RtcpWriter.writeBye(bye, n, ssrc[t]);
      ByteBuf packet = Unpooled.wrappedBuffer(bye);
      try {
        output.offer(t, null, packet);
      } finally {
        packet.release();
      }
    }
  }
}
