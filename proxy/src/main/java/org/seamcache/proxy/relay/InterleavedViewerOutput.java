package org.seamcache.proxy.relay;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.List;
import org.seamcache.proxy.rtsp.InterleavedFrame;
import org.seamcache.seamer.RtpHeader;

/**
 * Sends a viewer's packets as {@code $} frames on its RTSP connection. The connection's outbound
 * buffer is the viewer's bounded queue: above its high-water mark the channel reports unwritable
 * and packets are dropped (counted) instead of piling up, so a slow viewer never stalls the relay.
 */
public final class InterleavedViewerOutput implements ViewerOutput {
  private final Channel connection;
  private final int[] rtpChannels;
  private final DeliveryTotals totals;
  /** Frames for a connection on another event loop, waiting for the end of the batch. Relay loop only. */
  private final List<InterleavedFrame> pending = new ArrayList<>();
  // Written on the relay's loop only; read (possibly a moment stale) by status.
  private volatile long sent;
  private volatile long dropped;

  /** {@code rtpChannels[track]} is the RTP channel for the track (RTCP is +1), or -1 if not SETUP. */
  public InterleavedViewerOutput(Channel connection, int[] rtpChannels, DeliveryTotals totals) {
    this.totals = totals;
    this.connection = connection;
    this.rtpChannels = rtpChannels.clone();
  }

  @Override
  public void offer(int track, RtpHeader rtp, ByteBuf packet) {
    if (track >= rtpChannels.length || rtpChannels[track] < 0) {
      return;
    }
    if (!connection.isWritable()) {
      dropped++;
      totals.dropped.increment();
      return;
    }
    int channel = rtpChannels[track] + (rtp == null ? 1 : 0);
    InterleavedFrame frame = new InterleavedFrame(channel, packet.retainedDuplicate());
    if (connection.eventLoop().inEventLoop()) {
      connection.write(frame, connection.voidPromise());
    } else {
      pending.add(frame); // handed over in one task per batch, not one per packet
    }
    sent++;
    totals.sent.increment();
  }

  @Override
  public void flush() {
    if (connection.eventLoop().inEventLoop()) {
      connection.flush();
      return;
    }
    if (pending.isEmpty()) {
      return;
    }
    InterleavedFrame[] batch = pending.toArray(new InterleavedFrame[0]);
    pending.clear();
    connection.eventLoop()
        .execute(
            () -> {
              for (InterleavedFrame f : batch) {
                connection.write(f, connection.voidPromise());
              }
              connection.flush();
            });
  }

  @Override
  public long dropped() {
    return dropped;
  }

  @Override
  public long sent() {
    return sent;
  }
}
