package org.seamcache.proxy.record;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import org.seamcache.proxy.upstream.PacketSink;
import org.seamcache.proxy.upstream.ReceivedRtp;
import org.seamcache.seamer.RtpHeader;
import org.seamcache.storage.Recording;

/**
 * Records one upstream leg's packets: a reader of the packet stream like any viewer. It adds what
 * storage keeps per packet (extended timestamp, payload hash, wall-clock arrival) and hands the
 * bytes over without blocking (extension and hash come from the leg); if storage cannot keep up or stops, packets are dropped there and
 * counted, and the relay never waits. Confined to the leg's event loop.
 */
public final class LegRecorder implements PacketSink {
  private final ContentRecordings.Share share;
  private final Recording recording;
  private final int legId;
  private final long epochNanosAtStart;
  private final long monoNanosAtStart;
  private boolean closed;


  LegRecorder(ContentRecordings.Share share, Recording recording, int legId, long epochNanosNow, long monoNanosNow) {
    this.share = share;
    this.recording = recording;
    this.legId = legId;
    this.epochNanosAtStart = epochNanosNow;
    this.monoNanosAtStart = monoNanosNow;
  }

  public String recordingId() {
    return recording.id();
  }

  @Override
  public void onPacket(int track, ReceivedRtp rtp, ByteBuf packet, long arrivalNanos) {
    long arrivalEpochNanos = epochNanosAtStart + (arrivalNanos - monoNanosAtStart);
    ByteBuffer bytes = packet.nioBuffer();
    if (rtp == null) {
      recording.offerRtcp(track, legId, arrivalEpochNanos, bytes);
      return;
    }
    RtpHeader h = rtp.header();
    recording.offerRtp(track, legId, arrivalEpochNanos, rtp.extendedSeq(), rtp.extendedTimestamp(), h.marker(), h.payloadType(),
        rtp.payloadHash(), rtp.resynced(), bytes);
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
