package org.seamcache.proxy.upstream;

import io.netty.buffer.ByteBuf;

/** Receives what an upstream leg gets from the origin. Called on the leg's event loop. */
public interface PacketSink {

  /**
   * One valid packet of {@code track}: RTP with what the leg computed about it, or RTCP ({@code rtp}
   * null). The sink does not own {@code packet}; it retains it to keep it past the call.
   */
  void onPacket(int track, ReceivedRtp rtp, ByteBuf packet, long arrivalNanos);

  /** A batch of packets ended: a good moment to flush writes. */
  void onBatchEnd();

  /** The leg is gone (origin closed, went silent, or failed); no packet follows. */
  void onLegClosed(String reason);
}
