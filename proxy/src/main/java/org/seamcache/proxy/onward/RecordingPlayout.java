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
 * in the past (live time-shift): it starts on the first key frame recorded at or after that time,
 * follows the one upstream leg that carried it, and sends its packets (RTP and its sender reports, as
 * recorded, in that leg's numbering) paced by their arrival times, so it stays as far behind the live
 * edge as it started and never reads ahead of the writer (at the end of what is written it waits).
 * PAUSE holds the position; resuming goes on from it.
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
  private long anchorArrivalNanos;
  private long anchorNanos;
  private boolean playing;
  private boolean closed;
  private long corruptSkipped;
  private ScheduledFuture<?> ticker;

  /**
   * @param tracks the tracks the viewer set up
   * @param encodings each track's encoding name (its count is the content's track count)
   * @param start where {@link #find} found the playout starts
   */
  public RecordingPlayout(RecordingReader reader, ViewerOutput output, EventLoop loop, int[] tracks, List<String> encodings, LongSupplier nanoClock,
      Start start) {
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
   * Finds where a playout from {@code epochNanos} starts: the first key frame (the first packet, for
   * tracks without key frames) of a set-up track recorded at or after it. Reads the disk with {@code
   * scan}: call it off the event loop.
   *
   * @throws IllegalStateException when nothing that can start a playout is recorded after that time yet
   */
  public static Start find(RecordingReader scan, long epochNanos, int[] tracks, List<String> encodings) {
    boolean[] wanted = new boolean[encodings.size()];
    boolean anyKeyframes = false;
    for (int t : tracks) {
      wanted[t] = true;
      anyKeyframes |= KeyframeStart.hasKeyframes(encodings.get(t));
    }
    scan.toStart();
    while (next(scan)) {
      int t = scan.track();
      if (scan.kind() != PacketKind.RTP || scan.arrivalNanos() < epochNanos || t < 0 || t >= wanted.length || !wanted[t]) {
        continue;
      }
      if (!anyKeyframes || startsKeyframe(encodings.get(t), scan.packet())) {
        RecordedPacket first = scan.current();
        List<TrackStart> starts = new ArrayList<>();
        starts.add(trackStart(first));
        boolean[] seen = new boolean[wanted.length];
        seen[t] = true;
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
    }
    throw new IllegalStateException("nothing recorded after that time starts a picture yet");
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
        pending = reader.moveTo(start.excerpt()) && nextExcerpt() ? reader.current() : null;
      }
      if (pending == null) {
        return;
      }
      playing = true;
      anchorArrivalNanos = pending.arrivalNanos();
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
    long dueUpTo = anchorArrivalNanos + (nanoClock.getAsLong() - anchorNanos);
    int sent = 0;
    while (sent < MAX_PER_TICK && pending != null && pending.arrivalNanos() <= dueUpTo) {
      send(pending);
      sent++;
      pending = nextOfLeg();
    }
    if (pending == null) {
      pending = nextOfLeg(); // at the writer's end: try again on the next tick
    }
    if (sent > 0) {
      output.flush();
    }
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
        output.offer(p.track(), h, packet);
      } else {
        output.offer(p.track(), null, packet);
      }
    } finally {
      packet.release();
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
