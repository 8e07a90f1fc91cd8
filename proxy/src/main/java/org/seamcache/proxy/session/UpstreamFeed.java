package org.seamcache.proxy.session;

import io.netty.buffer.ByteBuf;
import java.util.concurrent.atomic.LongAdder;
import org.seamcache.proxy.relay.Relay;
import org.seamcache.proxy.upstream.PacketSink;
import org.seamcache.seamer.MalformedPacketException;
import org.seamcache.seamer.RtpHeader;

/**
 * The packet path from one upstream leg to its viewers: validates each packet once (a broken one
 * is counted and dropped, never relayed), then hands it to the relay. Confined to the leg's loop.
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
  public void onPacket(int track, boolean rtcp, ByteBuf packet, long arrivalNanos) {
    int bytes = packet.readableBytes();
    if (rtcp) {
      // RFC 3550 §6.4: version 2 and at least one 4-byte header; anything else is not RTCP.
      if (bytes < 8 || (packet.getUnsignedByte(packet.readerIndex()) >> 6) != 2) {
        counters.malformedIn.increment();
        return;
      }
      counters.rtcpIn.increment();
      relay.deliver(track, null, packet);
      return;
    }
    RtpHeader header;
    try {
      header = RtpHeader.parse(packet.nioBuffer());
    } catch (MalformedPacketException e) {
      counters.malformedIn.increment();
      return;
    }
    counters.packetsIn.increment();
    counters.bytesIn.add(bytes);
    relay.deliver(track, header, packet);
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
