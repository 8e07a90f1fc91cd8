package org.seamcache.proxy.upstream;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.seamcache.seamer.MalformedPacketException;
import org.seamcache.seamer.PayloadHash;
import org.seamcache.seamer.RtcpPacket;
import org.seamcache.seamer.RtcpReportBlock;
import org.seamcache.seamer.RtcpWriter;
import org.seamcache.seamer.RtpHeader;
import org.seamcache.seamer.SeqExtender;
import org.seamcache.seamer.TimestampExtender;

/**
 * What one leg receives: every packet is validated once (a broken one is counted and dropped,
 * never relayed), measured per track (sequence extension, loss, jitter, the origin's sender
 * reports) and handed to the leg's sink and taps. Builds the receiver reports the leg sends back.
 * Confined to the leg's event loop.
 */
final class LegReception {
  private final TrackReception[] tracks;
  private final int[] clockRatesHz;
  private final List<PacketSink> taps = new ArrayList<>();
  private final long reporterSsrc = ThreadLocalRandom.current().nextLong(1, 0xFFFF_FFFFL);
  private final CompletableFuture<Void> firstRtp = new CompletableFuture<>();
  private PacketSink sink;
  private long lastPacketNanos;
  private long packetsIn;
  private long bytesIn;
  private long malformedIn;
  private long rtcpIn;

  LegReception(int[] clockRatesHz) {
    this.clockRatesHz = clockRatesHz.clone();
    this.tracks = new TrackReception[clockRatesHz.length];
    for (int i = 0; i < tracks.length; i++) {
      tracks[i] = new TrackReception(clockRatesHz[i]);
    }
  }

  void sink(PacketSink sink) {
    this.sink = sink;
  }

  void addTap(PacketSink tap) {
    taps.add(tap);
  }

  /** Ends every tap's part in this leg (each hears the leg closed for it) and drops them. */
  void removeTaps(String why) {
    for (PacketSink t : taps) {
      t.onLegClosed(why);
    }
    taps.clear();
  }

  /** Validates, measures and hands on one packet of {@code track}. */
  void receive(int track, boolean rtcp, ByteBuf packet, long now) {
    lastPacketNanos = now;
    if (rtcp) {
      // RFC 3550 §6.4: version 2 and at least the 8-byte header of an SR/RR; anything else is not RTCP.
      if (packet.readableBytes() < 8 || (packet.getUnsignedByte(packet.readerIndex()) >> 6) != 2) {
        malformedIn++;
        return;
      }
      rtcpIn++;
      readSenderReports(track, packet, now);
      dispatch(track, null, packet, now);
      return;
    }
    RtpHeader header;
    java.nio.ByteBuffer bytes = packet.nioBuffer();
    try {
      header = RtpHeader.parse(bytes);
    } catch (MalformedPacketException e) {
      malformedIn++;
      return;
    }
    TrackReception r = tracks[track];
    long ext = r.receive(header.ssrc(), header.sequence(), header.timestamp(), now);
    if (ext == SeqExtender.REJECTED) {
      malformedIn++; // an absurd sequence jump: not placed, not relayed
      return;
    }
    long extTs = r.extendTimestamp(header.timestamp());
    if (extTs == TimestampExtender.REJECTED) {
      malformedIn++; // an absurd timestamp jump, judged like one of the sequence number
      return;
    }
    packetsIn++;
    bytesIn += packet.readableBytes();
    if (!firstRtp.isDone()) {
      firstRtp.complete(null);
    }
    // Extension and hashing happen here once; the seamer, the recorder and the relay all read them.
    long hash = PayloadHash.ofPacket(bytes, bytes.position(), header);
    dispatch(track, new ReceivedRtp(header, ext, extTs, hash, r.resynced()), packet, now);
  }

  private void dispatch(int track, ReceivedRtp rtp, ByteBuf packet, long now) {
    if (sink != null) {
      sink.onPacket(track, rtp, packet, now);
    }
    for (PacketSink t : taps) {
      t.onPacket(track, rtp, packet, now);
    }
  }

  void batchEnded() {
    if (sink != null) {
      sink.onBatchEnd();
    }
  }

  void closed(String reason) {
    if (sink != null) {
      sink.onLegClosed(reason);
    }
    for (PacketSink t : taps) {
      t.onLegClosed(reason);
    }
  }

  private void readSenderReports(int track, ByteBuf packet, long now) {
    try {
      for (RtcpPacket p : RtcpPacket.parseCompound(packet.nioBuffer())) {
        if (p instanceof RtcpPacket.SenderReport sr) {
          tracks[track].senderReport(sr.ntpTimestamp(), now);
        }
      }
    } catch (MalformedPacketException e) {
      malformedIn++; // still relayed as received: viewers judge RTCP themselves
    }
  }

  /** An RTCP receiver report for {@code track} (RFC 3550 §6.4.2), or null before its first packet. */
  byte[] receiverReport(int track, long now) {
    RtcpReportBlock block = tracks[track].reportBlock(now);
    if (block == null) {
      return null;
    }
    byte[] rr = new byte[RtcpWriter.receiverReportBytes(1)];
    RtcpWriter.writeReceiverReport(rr, 0, reporterSsrc, block);
    return rr;
  }

  /** The newest closed loss interval of {@code track}, or null before its first packet. */
  org.seamcache.seamer.LossInterval pollLoss(int track, long now) {
    return tracks[track].pollLoss(now);
  }

  /** Completes with the first valid RTP packet. */
  CompletableFuture<Void> firstRtp() {
    return firstRtp;
  }

  long lastPacketNanos() {
    return lastPacketNanos;
  }

  /** Restarts the silence clock (PLAY was just answered). */
  void resetSilence(long now) {
    lastPacketNanos = now;
  }

  long packetsIn() {
    return packetsIn;
  }

  long bytesIn() {
    return bytesIn;
  }

  long malformedIn() {
    return malformedIn;
  }

  long rtcpIn() {
    return rtcpIn;
  }

  long expectedPackets() {
    long e = 0;
    for (TrackReception r : tracks) {
      e += r.loss().cumulativeExpected();
    }
    return e;
  }

  long lostPackets() {
    long l = 0;
    for (TrackReception r : tracks) {
      l += r.loss().cumulativeLost();
    }
    return l;
  }

  double jitterMillis() {
    double worst = 0;
    for (int i = 0; i < tracks.length; i++) {
      worst = Math.max(worst, tracks[i].jitterTicks() * 1000.0 / Math.max(1, clockRatesHz[i]));
    }
    return worst;
  }
}
