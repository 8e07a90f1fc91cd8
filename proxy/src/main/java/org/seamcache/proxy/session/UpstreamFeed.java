package org.seamcache.proxy.session;

import io.netty.buffer.ByteBuf;
import org.seamcache.proxy.relay.Relay;
import org.seamcache.proxy.upstream.PacketSink;
import org.seamcache.seamer.RtpHeader;

/**
 * The packet path from one upstream leg (which validated each packet) to its viewers and the
 * process-wide counters. Confined to the leg's event loop.
 */
final class UpstreamFeed implements PacketSink {
  /** What happens when the leg ends. */
  interface ClosedListener {
    void onLegClosed(String reason);
  }

  private final Relay relay;
  private final ProxyCounters counters;
  private final ClosedListener closed;

  UpstreamFeed(Relay relay, ProxyCounters counters, ClosedListener closed) {
    this.relay = relay;
    this.counters = counters;
    this.closed = closed;
  }

  @Override
  public void onPacket(int track, RtpHeader rtp, long extendedSeq, ByteBuf packet, long arrivalNanos) {
    if (rtp == null) {
      counters.rtcpIn.increment();
    } else {
      counters.packetsIn.increment();
      counters.bytesIn.add(packet.readableBytes());
    }
    relay.deliver(track, rtp, packet);
  }

  @Override
  public void onBatchEnd() {
    relay.flush();
  }

  @Override
  public void onLegClosed(String reason) {
    closed.onLegClosed(reason);
  }
}
