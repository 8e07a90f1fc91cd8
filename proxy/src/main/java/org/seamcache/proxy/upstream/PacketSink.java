package org.seamcache.proxy.upstream;

import io.netty.buffer.ByteBuf;

/** Receives what an upstream leg gets from the origin. Called on the leg's event loop. */
public interface PacketSink {

  /** One RTP or RTCP packet of {@code track}; the sink does not own {@code packet} (retain to keep it). */
  void onPacket(int track, boolean rtcp, ByteBuf packet, long arrivalNanos);

  /** A batch of packets ended: a good moment to flush writes. */
  void onBatchEnd();

  /** The leg is gone (origin closed, went silent, or failed); no packet follows. */
  void onLegClosed(String reason);
}
