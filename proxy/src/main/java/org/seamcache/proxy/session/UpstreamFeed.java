package org.seamcache.proxy.session;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.TimeUnit;
import org.seamcache.proxy.relay.Relay;
import org.seamcache.proxy.upstream.PacketSink;
import org.seamcache.proxy.upstream.ReceivedRtp;

/**
 * The packet path from one upstream leg (which validated each packet) to its viewers and the
 * process-wide counters. Confined to the leg's event loop.
 */
final class UpstreamFeed implements PacketSink {
  /** What happens when the leg ends. */
  interface ClosedListener {
    void onLegClosed(String reason);
  }

  /**
   * RTP and RTCP come on different sockets, so a BYE can be read before the last media packets;
   * holding it this long lets them go out first, and a viewer that stops at the BYE misses nothing.
   */
  static final long BYE_HOLD_MILLIS = 250;

  private final Relay relay;
  private final ProxyCounters counters;
  private final ClosedListener closed;
  private final EventExecutor loop;

  UpstreamFeed(Relay relay, ProxyCounters counters, ClosedListener closed, EventExecutor loop) {
    this.relay = relay;
    this.counters = counters;
    this.closed = closed;
    this.loop = loop;
  }

  @Override
  public void onPacket(int track, ReceivedRtp rtp, ByteBuf packet, long arrivalNanos) {
    if (rtp == null) {
      counters.rtcpIn.increment();
      if (ViewerRtcp.saysBye(packet.nioBuffer())) {
        ByteBuf held = packet.retainedDuplicate();
        loop.schedule(
            () -> {
              try {
                relay.deliver(track, null, held);
                relay.flush();
              } finally {
                held.release();
              }
            },
            BYE_HOLD_MILLIS,
            TimeUnit.MILLISECONDS);
        return;
      }
    } else {
      counters.packetsIn.increment();
      counters.bytesIn.add(packet.readableBytes());
    }
    relay.deliver(track, rtp == null ? null : rtp.header(), packet);
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
