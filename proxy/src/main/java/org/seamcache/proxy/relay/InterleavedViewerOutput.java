package org.seamcache.proxy.relay;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import java.util.ArrayList;
import java.util.List;
import org.seamcache.proxy.rtsp.InterleavedChannels;
import org.seamcache.proxy.rtsp.InterleavedFrameEncoder;
import org.seamcache.seamer.RtpHeader;

/**
 * Sends a viewer's packets as {@code $} frames on its RTSP connection. The connection's outbound
 * buffer is the viewer's bounded queue: above its high-water mark the channel reports unwritable
 * and packets are dropped (counted) instead of piling up, so a slow viewer never stalls the relay.
 * A packet that cannot be framed or handed over is dropped and reported to this viewer's
 * {@link ViewerFailures}, never thrown into the relay.
 *
 * <p>Frames are written already encoded, from the frame encoder's place in the pipeline towards
 * the socket (the RTSP encoders above it never see them); in a relay's fan-out the framed bytes are
 * built once per packet for every viewer on the same channel number ({@link FanOutBatch}).
 */
public final class InterleavedViewerOutput implements ViewerOutput {
  private final Channel connection;
  /** Writes towards the socket from where interleaved frames are encoded. */
  private final ChannelHandlerContext writer;
  private final int[] rtpChannels;
  private final DeliveryTotals totals;
  private final ViewerFailures failures;
  /** Frames offered outside a fan-out for a connection on another event loop, waiting for {@link #flush()}. Relay loop only. */
  private final List<ByteBuf> pending = new ArrayList<>();
  // Written on the relay's loop only; read (possibly a moment stale) by status.
  private volatile long sent;
  private volatile long bytesSent;
  private volatile long dropped;

  /**
   * {@code rtpChannels[track]} is the RTP channel for the track (RTCP is +1), or -1 if not SETUP.
   * The connection's pipeline holds the {@link InterleavedFrameEncoder}.
   */
  public InterleavedViewerOutput(Channel connection, int[] rtpChannels, DeliveryTotals totals) {
    this.totals = totals;
    this.connection = connection;
    this.writer = connection.pipeline().context(InterleavedFrameEncoder.INSTANCE);
    if (writer == null) {
      throw new IllegalArgumentException("connection " + connection + " has no interleaved frame encoder");
    }
    this.rtpChannels = rtpChannels.clone();
    this.failures = new ViewerFailures("tcp " + connection.remoteAddress(), totals.failed);
  }

  @Override
  public void offer(int track, RtpHeader rtp, ByteBuf packet) {
    send(track, rtp, packet, null);
  }

  @Override
  public void offer(int track, RtpHeader rtp, ByteBuf packet, FanOutBatch batch) {
    send(track, rtp, packet, batch.isCurrent(packet) ? batch : null);
  }

  private void send(int track, RtpHeader rtp, ByteBuf packet, FanOutBatch batch) {
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
        // SETUP refuses such channels; checked before anything is framed so nothing leaks.
        failures.failed("interleaved channel " + channel + " is beyond " + InterleavedChannels.MAX_CHANNEL);
        return;
      }
      ByteBuf frame = batch != null ? batch.interleaved(channel) : FanOutBatch.frame(connection.alloc(), channel, packet);
      if (writer.executor().inEventLoop()) {
        writer.write(frame, writer.voidPromise());
      } else if (batch != null) {
        batch.handOff(this, writer, frame); // one task per loop per batch, not one per viewer
      } else {
        pending.add(frame);
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
    if (writer.executor().inEventLoop()) {
      try {
        writer.flush();
      } catch (RuntimeException e) {
        failures.failed(e);
      }
      return;
    }
    if (pending.isEmpty()) {
      return;
    }
    ByteBuf[] frames = pending.toArray(new ByteBuf[0]);
    pending.clear();
    try {
      writer.executor()
          .execute(
              () -> {
                for (ByteBuf f : frames) {
                  writer.write(f, writer.voidPromise());
                }
                writer.flush();
              });
    } catch (RuntimeException e) {
      // The connection's loop is shutting down: the frames will never be written.
      for (ByteBuf f : frames) {
        f.release();
      }
      failures.failed(e);
    }
  }

  @Override
  public void flush(FanOutBatch batch) {
    // Same loop: one flush per connection. Another loop: the batch hands over the fan-out's frames;
    // this pushes any offered outside it (a key-frame replay).
    flush();
  }

  /** A frame handed to another loop could not be written (that loop is shutting down). */
  void lost(RuntimeException cause) {
    failures.failed(cause);
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
