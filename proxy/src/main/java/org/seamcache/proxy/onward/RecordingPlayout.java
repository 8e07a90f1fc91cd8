package org.seamcache.proxy.onward;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.seamcache.proxy.relay.ViewerOutput;
import org.seamcache.seamer.KeyframeStart;
import org.seamcache.seamer.MalformedPacketException;
import org.seamcache.seamer.RtpHeader;
import org.seamcache.storage.CorruptExcerptException;
import org.seamcache.storage.ExcerptIndex;
import org.seamcache.storage.PacketKind;
import org.seamcache.storage.RecordedPacket;
import org.seamcache.storage.RecordingReader;

/**
 * One viewer's playout of a live content's recording while it is still being written, from a time
 * in the past (live time-shift): it starts on the last key frame recorded at or before that time,
 * follows the one upstream leg that carried it, and sends its packets (RTP and its sender reports, as
 * recorded, in that leg's numbering) paced along a {@link PlayoutTimeline}: by their arrival times
 * (time-shift: it stays as far behind the live edge as it started) or by their RTP timestamps (a
 * channel offset, {@link ChannelTimeline}). It never reads ahead of the writer (at the end of what is
 * written it waits). PAUSE holds the position; resuming goes on from it.
 *
 * <p>{@link #find} scans the recording with a reader of its own, off the event loop; the playout's
 * reader is used on the viewer's event loop only (Chronicle tailers are single-threaded), to which
 * everything else is confined.
 */
public final class RecordingPlayout {
  private static final long TICK_MILLIS = 10;
  /** Packets sent per tick at most: a late tick catches up without flooding one socket. */
  private static final int MAX_PER_TICK = 512;

  /**
   * Where a playout starts: the first packet's arrival (epoch ns), its excerpt, the leg followed,
   * and per set-up track the numbers of its first packet (for RTP-Info).
   */
  public record Start(long arrivalEpochNanos, ExcerptIndex excerpt, int leg, List<TrackStart> tracks) {}

  /** The numbers of the first packet a track sends after a seek. */
  public record TrackStart(int track, int seq, long rtpTime) {}

  private final RecordingReader reader;
  private final ViewerOutput output;
  private final EventLoop loop;
  private final boolean[] wanted;
  private final LongSupplier nanoClock;
  private final Start start;
  private final int leg;
  private boolean positioned;
  private RecordedPacket pending;
  /** Where {@link #pending} is due on the time line. */
  private long pendingDueNanos;
  private final PlayoutTimeline timeline;
  private boolean playedBefore;
  private long anchorDueNanos;
  private long anchorNanos;
  private boolean playing;
  private boolean closed;
  private long corruptSkipped;
  private ScheduledFuture<?> ticker;
  private final java.util.function.BooleanSupplier writerDone;
  private final Runnable onEnd;
  private final long[] ssrcs;
  private boolean ended;

  /**
   * @param tracks the tracks the viewer set up
   * @param encodings each track's encoding name (its count is the content's track count)
   * @param start where {@link #find} found the playout starts
   * @param writerDone whether the recording's writer has finished (nothing more will come)
   * @param onEnd run once when the writer has finished and everything is sent (after a BYE per track)
   */
  public RecordingPlayout(RecordingReader reader, ViewerOutput output, EventLoop loop, int[] tracks, List<String> encodings, LongSupplier nanoClock,
      Start start, java.util.function.BooleanSupplier writerDone, Runnable onEnd) {
    this(reader, output, loop, tracks, encodings, nanoClock, start, writerDone, onEnd, PlayoutTimeline.ARRIVAL);
  }

  /** As the other, paced along {@code timeline} (the other: by arrival). */
  public RecordingPlayout(RecordingReader reader, ViewerOutput output, EventLoop loop, int[] tracks, List<String> encodings, LongSupplier nanoClock,
      Start start, java.util.function.BooleanSupplier writerDone, Runnable onEnd, PlayoutTimeline timeline) {
    this.timeline = timeline;
    this.writerDone = writerDone;
    this.onEnd = onEnd;
    this.ssrcs = new long[encodings.size()];
    this.reader = reader;
    this.start = start;
    this.leg = start.leg();
    this.output = output;
    this.loop = loop;
    this.wanted = new boolean[encodings.size()];
    for (int t : tracks) {
      wanted[t] = true;
    }
    this.nanoClock = nanoClock;
  }

  /**
   * Finds where a playout from {@code epochNanos} starts: the last key frame of a set-up track
   * recorded at or before it (a viewer going on after a pause sees a moment again rather than miss
   * one), or, when there is none since {@code notBeforeEpochNanos} (the time-shift window), the first
   * one after it; tracks without key frames start at their first packet at or after the time. Reads
   * the disk with {@code scan}: call it off the event loop.
   *
   * @throws IllegalStateException when nothing that can start a playout is recorded yet
   */
  public static Start find(RecordingReader scan, long epochNanos, long notBeforeEpochNanos, int[] tracks, List<String> encodings) {
    return find(scan, epochNanos, notBeforeEpochNanos, tracks, encodings, PlayoutTimeline.ARRIVAL);
  }

  /**
   * As the other, with {@code atNanos} a moment on {@code timeline} (the packets compared by when
   * they are due there; the window, {@code notBeforeEpochNanos}, still by arrival).
   */
  public static Start find(RecordingReader scan, long atNanos, long notBeforeEpochNanos, int[] tracks, List<String> encodings,
      PlayoutTimeline timeline) {
    long epochNanos = atNanos;
    boolean[] wanted = new boolean[encodings.size()];
    boolean anyKeyframes = false;
    for (int t : tracks) {
      wanted[t] = true;
      anyKeyframes |= KeyframeStart.hasKeyframes(encodings.get(t));
    }
    scan.toStart();
    RecordedPacket before = null; // the last start at or before the time (within the window)
    RecordedPacket first = null;
    while (next(scan)) {
      int t = scan.track();
      if (scan.kind() != PacketKind.RTP || t < 0 || t >= wanted.length || !wanted[t] || scan.arrivalNanos() < notBeforeEpochNanos
          || !timeline.follows(scan.leg())) {
        continue;
      }
      long due = timeline.dueNanos(t, scan.arrivalNanos(), rtpTimestamp(scan.packet()));
      boolean start = !anyKeyframes || startsKeyframe(encodings.get(t), scan.packet());
      if (due <= epochNanos) {
        if (start && anyKeyframes) {
          before = scan.current();
        }
        continue;
      }
      if (before != null) {
        first = before;
        break;
      }
      if (start) {
        first = scan.current();
        break;
      }
    }
    if (first == null) {
      first = before; // the time is at the live edge: the last key frame written
    }
    if (first == null) {
      throw new IllegalStateException("nothing recorded after that time starts a picture yet");
    }
    scan.moveTo(first.index());
    next(scan); // on the start again: look ahead from it for each track's first packet
    List<TrackStart> starts = new ArrayList<>();
    starts.add(trackStart(first));
    boolean[] seen = new boolean[wanted.length];
    seen[first.track()] = true;
    int lookahead = 2000; // a second or so of packets: every track has sent one by then
    while (starts.size() < tracks.length && lookahead-- > 0 && next(scan)) {
      int u = scan.track();
      if (scan.kind() == PacketKind.RTP && scan.leg() == first.leg() && u >= 0 && u < wanted.length && wanted[u] && !seen[u]) {
        seen[u] = true;
        starts.add(trackStart(scan.current()));
      }
    }
    return new Start(first.arrivalNanos(), first.index(), first.leg(), starts);
  }

  private static TrackStart trackStart(RecordedPacket p) {
    byte[] b = p.bytes();
    int seq = ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
    long ts = ((b[4] & 0xFFL) << 24) | ((b[5] & 0xFFL) << 16) | ((b[6] & 0xFFL) << 8) | (b[7] & 0xFFL);
    return new TrackStart(p.track(), seq, ts);
  }

  /** Starts (or resumes) sending from the current position, now. */
  public void play() {
    loop.execute(() -> {
      if (closed) {
        return;
      }
      if (!positioned) {
        positioned = true;
        setPending(reader.moveTo(start.excerpt()) && nextExcerpt() ? reader.current() : null);
      }
      if (pending == null) {
        return;
      }
      playing = true;
      anchorDueNanos = playedBefore ? pendingDueNanos : timeline.firstPlayAt(pendingDueNanos);
      playedBefore = true;
      anchorNanos = nanoClock.getAsLong();
      if (ticker == null) {
        ticker = loop.scheduleAtFixedRate(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
      }
    });
  }

  /** Holds the position: the next {@link #play} goes on from the packet not sent yet. */
  public void pause() {
    loop.execute(() -> playing = false);
  }

  /** The proxy is stopping: a BYE per track (players take it as the end), and nothing more is sent. */
  public void sayGoodbye() {
    loop.execute(() -> {
      if (closed || ended) {
        return;
      }
      ended = true;
      playing = false;
      sayBye();
      output.flush();
    });
  }

  /** Stops for good and closes the reader; idempotent. */
  public void close() {
    loop.execute(() -> {
      if (closed) {
        return;
      }
      closed = true;
      playing = false;
      if (ticker != null) {
        ticker.cancel(false);
      }
      reader.close();
    });
  }

  /** Packets that failed their checksum and were skipped. */
  public long corruptSkipped() {
    return corruptSkipped;
  }

  private void tick() {
    if (closed || !playing) {
      return;
    }
    long dueUpTo = anchorDueNanos + (nanoClock.getAsLong() - anchorNanos);
    int sent = 0;
    while (sent < MAX_PER_TICK && pending != null && pendingDueNanos <= dueUpTo) {
      send(pending);
      sent++;
      setPending(nextOfLeg());
    }
    if (pending == null) {
      setPending(nextOfLeg()); // at the writer's end: try again on the next tick
    }
    if (sent > 0) {
      output.flush();
    }
    if (pending == null && !ended && writerDone.getAsBoolean()) {
      setPending(nextOfLeg()); // what was written before it finished
      if (pending == null) {
        ended = true;
        sayBye();
        output.flush();
        onEnd.run();
      }
    }
  }

  private void setPending(RecordedPacket p) {
    pending = p;
    if (p != null) {
      byte[] b = p.bytes();
      long ts = p.kind() == PacketKind.RTP && b.length >= 8
          ? ((b[4] & 0xFFL) << 24) | ((b[5] & 0xFFL) << 16) | ((b[6] & 0xFFL) << 8) | (b[7] & 0xFFL) : -1;
      long due = timeline.dueNanos(p.track(), p.arrivalNanos(), ts);
      if (due != Long.MIN_VALUE) {
        pendingDueNanos = due; // else due with the packet before it
      }
    }
  }

  /** The RTP timestamp of a packet in a scan (-1 when it is too short to have one). */
  private static long rtpTimestamp(ByteBuffer packet) {
    int at = packet.position();
    if (packet.remaining() < 8) {
      return -1;
    }
    return ((packet.get(at + 4) & 0xFFL) << 24) | ((packet.get(at + 5) & 0xFFL) << 16) | ((packet.get(at + 6) & 0xFFL) << 8) | (packet.get(at + 7) & 0xFFL);
  }

  private RecordedPacket nextOfLeg() {
    while (nextExcerpt()) {
      if (reader.leg() == leg && wantedTrack(reader.track())) {
        return reader.current();
      }
    }
    return null;
  }

  private void send(RecordedPacket p) {
    ByteBuf packet = Unpooled.wrappedBuffer(p.bytes());
    try {
      if (p.kind() == PacketKind.RTP) {
        RtpHeader h;
        try {
          h = RtpHeader.parse(p.bytes(), 0, p.length());
        } catch (MalformedPacketException e) {
          corruptSkipped++;
          return;
        }
        ssrcs[p.track()] = h.ssrc();
        output.offer(p.track(), h, packet);
      } else {
        output.offer(p.track(), null, packet);
      }
    } finally {
      packet.release();
    }
  }

  /** An RTCP BYE per track in the leg's SSRC: players take it as the end of the stream. */
  private void sayBye() {
    for (int t = 0; t < wanted.length; t++) {
      if (!wanted[t] || ssrcs[t] == 0) {
        continue;
      }
      byte[] bye = new byte[org.seamcache.seamer.RtcpWriter.receiverReportBytes(0) + 8];
      int n = org.seamcache.seamer.RtcpWriter.writeReceiverReport(bye, 0, ssrcs[t]);
      org.seamcache.seamer.RtcpWriter.writeBye(bye, n, ssrcs[t]);
      ByteBuf packet = Unpooled.wrappedBuffer(bye);
      try {
        output.offer(t, null, packet);
      } finally {
        packet.release();
      }
    }
  }

  /** The next sound excerpt of a scan; a damaged one is skipped. */
  private static boolean next(RecordingReader scan) {
    while (true) {
      try {
        return scan.next();
      } catch (CorruptExcerptException e) {
        // skipped: the playout counts it when it meets it
      }
    }
  }

  /** The next sound excerpt; a damaged one is counted and skipped. */
  private boolean nextExcerpt() {
    while (true) {
      try {
        return reader.next();
      } catch (CorruptExcerptException e) {
        corruptSkipped++;
      }
    }
  }

  private boolean wantedTrack(int track) {
    return track >= 0 && track < wanted.length && wanted[track];
  }

  private static boolean startsKeyframe(String encoding, ByteBuffer packet) {
    if (!KeyframeStart.hasKeyframes(encoding)) {
      return false;
    }
    byte[] b = new byte[packet.remaining()];
    packet.get(b);
    try {
      RtpHeader h = RtpHeader.parse(b, 0, b.length);
      return KeyframeStart.isStart(encoding, ByteBuffer.wrap(b, h.payloadOffset(), h.payloadLength()).slice());
    } catch (MalformedPacketException e) {
      return false;
    }
  }
}
