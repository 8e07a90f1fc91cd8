package org.seamcache.proxy.relay;

import io.netty.buffer.ByteBuf;
import org.seamcache.seamer.RtpHeader;

/**
 * Where one viewer's packets go (a UDP address pair or interleaved channels on its RTSP
 * connection). Implementations never block: a viewer that cannot keep up loses packets, which are
 * counted, and never holds up the other viewers. Nor does a failure: an output never throws into
 * the relay (which would cut the other viewers' batch and reach the upstream); it counts the
 * packet as lost instead. Called on the relay's event loop.
 */
public interface ViewerOutput {

  /**
   * Offers one packet of {@code track}; the output sends it if it wants it, taking its own
   * reference. {@code rtp} is the parsed header of an RTP packet, null for RTCP.
   */
  void offer(int track, RtpHeader rtp, ByteBuf packet);

  /**
   * Offers one packet of a relay's fan-out: as {@link #offer(int, RtpHeader, ByteBuf)}, using the
   * wire forms {@code batch} built once for every viewer. Wrappers pass the batch on.
   */
  default void offer(int track, RtpHeader rtp, ByteBuf packet, FanOutBatch batch) {
    offer(track, rtp, packet);
  }

  /** Pushes what {@link #offer} queued to the socket; the relay calls it once per batch of packets. */
  void flush();

  /** Ends a relay's batch: as {@link #flush()}, leaving to {@code batch} what it does once for all viewers. */
  default void flush(FanOutBatch batch) {
    flush();
  }

  /** Packets this viewer lost: it could not keep up, or sending them failed. */
  long dropped();

  /** Of {@link #dropped()}, the packets whose sending failed (the rest: the viewer could not keep up). */
  long failed();

  /** Packets sent to this viewer. */
  long sent();

  /** Bytes of the packets sent to this viewer (RTP/RTCP packets, without UDP/IP or interleaving headers). */
  long bytesSent();
}
