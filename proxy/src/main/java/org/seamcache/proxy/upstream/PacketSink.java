package org.seamcache.proxy.upstream;

import io.netty.buffer.ByteBuf;
import org.seamcache.seamer.RtpHeader;

/** Receives what an upstream leg gets from the origin. Called on the leg's event loop. */
public interface PacketSink {

  /**
   * One valid packet of {@code track}: RTP with its parsed header and extended sequence number, or
   * RTCP ({@code rtp} null, {@code extendedSeq} -1). The sink does not own {@code packet}.
   */
  void onPacket(int track, RtpHeader rtp, long extendedSeq, ByteBuf packet, long arrivalNanos);

  /** A batch of packets ended: a good moment to flush writes. */
  void onBatchEnd();

  /** The leg is gone (origin closed, went silent, or failed); no packet follows. */
  void onLegClosed(String reason);
}
