package org.seamcache.proxy.relay;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.List;
import org.seamcache.proxy.rtsp.InterleavedChannels;
import org.seamcache.proxy.rtsp.InterleavedFrame;
import org.seamcache.seamer.RtpHeader;

/**
 * Sends a viewer's packets as {@code $} frames on its RTSP connection. The connection's outbound
 * buffer is the viewer's bounded queue: above its high-water mark the channel reports unwritable
 * and packets are dropped (counted) instead of piling up, so a slow viewer never stalls the relay.
 * A packet that cannot be framed or handed over is dropped and reported to this viewer's
 * {@link ViewerFailures}, never thrown into the relay.
 */
public final class InterleavedViewerOutput implements ViewerOutput {
  private final Channel connection;
  private final int[] rtpChannels;
  private final DeliveryTotals totals;
  private final ViewerFailures failures;
  /** Frames for a connection on another event loop, waiting for the end of the batch. Relay loop only. */
  private final List<InterleavedFrame> pending = new ArrayList<>();
  // Written on the relay's loop only; read (possibly a moment stale) by status.
  private volatile long sent;
  private volatile long bytesSent;
  private volatile long dropped;

  /** {@code rtpChannels[track]} is the RTP channel for the track (RTCP is +1), or -1 if not SETUP. */
  public InterleavedViewerOutput(Channel connection, int[] rtpChannels, DeliveryTotals totals) {
    this.totals = totals;
    this.connection = connection;
    this.rtpChannels = rtpChannels.clone();
    this.failures = new ViewerFailures("tcp " + connection.remoteAddress(), totals.failed);
  }

  @Override
  public void offer(int track, RtpHeader rtp, ByteBuf packet) {
    try {
      if (track >= rtpChannels.length || rtpChannels[track] < 0) {
        return;
      }
      if (!connection.isWritable()) {
        dropped++;
        totals.dropped.increment();
        return;
      }
      int channel = rtpChannels[track] + (rtp == null ? 1 : 0);
      if (channel > InterleavedChannels.MAX_CHANNEL) {
        // SETUP refuses such channels; checked before the buffer is retained so nothing leaks.
        failures.failed("interleaved channel " + channel + " is beyond " + InterleavedChannels.MAX_CHANNEL);
        return;
      }
      InterleavedFrame frame = new InterleavedFrame(channel, packet.retainedDuplicate());
      if (connection.eventLoop().inEventLoop()) {
        connection.write(frame, connection.voidPromise());
      } else {
        pending.add(frame); // handed over in one task per batch, not one per packet
      }
      sent++;
      bytesSent += packet.readableBytes();
      totals.sent.increment();
    } catch (RuntimeException e) {
      failures.failed(e);
    }
  }

  @Override
  public void flush() {
    if (connection.eventLoop().inEventLoop()) {
      try {
        connection.flush();
      } catch (RuntimeException e) {
        failures.failed(e);
      }
      return;
    }
    if (pending.isEmpty()) {
      return;
    }
    InterleavedFrame[] batch = pending.toArray(new InterleavedFrame[0]);
    pending.clear();
    try {
      connection.eventLoop()
          .execute(
              () -> {
                for (InterleavedFrame f : batch) {
                  connection.write(f, connection.voidPromise());
                }
                connection.flush();
              });
    } catch (RuntimeException e) {
      // The connection's loop is shutting down: the batch will never be written.
      for (InterleavedFrame f : batch) {
        f.release();
      }
      failures.failed(e);
    }
  }

  @Override
  public long dropped() {
    return dropped + failures.total();
  }

  @Override
  public long failed() {
    return failures.total();
  }

  @Override
  public long sent() {
    return sent;
  }

  @Override
  public long bytesSent() {
    return bytesSent;
  }
}
