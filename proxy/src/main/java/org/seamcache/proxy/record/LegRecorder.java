package org.seamcache.proxy.record;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import org.seamcache.proxy.upstream.PacketSink;
import org.seamcache.seamer.PayloadHash;
import org.seamcache.seamer.RtpHeader;
import org.seamcache.seamer.TimestampExtender;
import org.seamcache.storage.Recording;

/**
 * Records one upstream leg's packets: a reader of the packet stream like any viewer. It adds what
 * storage keeps per packet (extended timestamp, payload hash, wall-clock arrival) and hands the
 * bytes over without blocking; if storage cannot keep up or stops, packets are dropped there and
 * counted, and the relay never waits. Confined to the leg's event loop.
 */
public final class LegRecorder implements PacketSink {
  private final ContentRecordings.Share share;
  private final Recording recording;
  private final int legId;
  private final TimestampExtender[] timestamps;
  private final long epochNanosAtStart;
  private final long monoNanosAtStart;
  private boolean closed;

  /** Timestamp jumps beyond this are absurd for one content; such a packet keeps its raw timestamp. */
  private static final int MAX_TIMESTAMP_JUMP_SECONDS = 600;

  LegRecorder(ContentRecordings.Share share, Recording recording, int legId, int[] clockRatesHz, long epochNanosNow, long monoNanosNow) {
    this.share = share;
    this.recording = recording;
    this.legId = legId;
    this.timestamps = new TimestampExtender[clockRatesHz.length];
    for (int i = 0; i < clockRatesHz.length; i++) {
      timestamps[i] = TimestampExtender.forClock(clockRatesHz[i], MAX_TIMESTAMP_JUMP_SECONDS);
    }
    this.epochNanosAtStart = epochNanosNow;
    this.monoNanosAtStart = monoNanosNow;
  }

  public String recordingId() {
    return recording.id();
  }

  @Override
  public void onPacket(int track, RtpHeader rtp, long extendedSeq, ByteBuf packet, long arrivalNanos) {
    long arrivalEpochNanos = epochNanosAtStart + (arrivalNanos - monoNanosAtStart);
    ByteBuffer bytes = packet.nioBuffer();
    if (rtp == null) {
      recording.offerRtcp(track, legId, arrivalEpochNanos, bytes);
      return;
    }
    long extTs = timestamps[track].extend(rtp.timestamp());
    if (extTs == TimestampExtender.REJECTED) {
      extTs = rtp.timestamp();
    }
    long hash = PayloadHash.ofPacket(bytes, bytes.position(), rtp);
    recording.offerRtp(track, legId, arrivalEpochNanos, extendedSeq, extTs, rtp.marker(), rtp.payloadType(), hash, bytes);
  }

  @Override
  public void onBatchEnd() {}

  @Override
  public void onLegClosed(String reason) {
    if (!closed) {
      closed = true;
      share.release(!reason.startsWith("origin"));
    }
  }
}
