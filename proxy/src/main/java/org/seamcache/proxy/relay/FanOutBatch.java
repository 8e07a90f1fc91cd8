package org.seamcache.proxy.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.seamcache.proxy.rtsp.InterleavedChannels;

/**
 * What the viewers of one relay share while a batch of packets is fanned out to them, so that the
 * cost of a delivered packet does not grow with per-viewer objects: the packet's wire forms are
 * built once (one duplicate whose indices no caller can move, one {@code $}-framed copy per
 * interleaved channel number), each shared datagram socket is flushed once per batch instead of
 * once per viewer, and the frames for connections on other event loops go over in one task per
 * loop per batch instead of one per viewer.
 *
 * <p>Confined to the relay's event loop. Every {@link #begin} is followed by {@link #end}, and a
 * batch of deliveries by {@link #finish} within the same task, so nothing is left pending.
 */
public final class FanOutBatch {
  private static final int CHANNELS = InterleavedChannels.MAX_CHANNEL + 1;

  private final ByteBufAllocator alloc;
  private ByteBuf packet;
  private ByteBuf shared;
  /** The framed copies of the current packet by interleaved channel; {@code framedChannels} lists the built ones. */
  private final ByteBuf[] framed = new ByteBuf[CHANNELS];
  private final int[] framedChannels = new int[CHANNELS];
  private int framedCount;
  private final List<Channel> touchedSockets = new ArrayList<>(4);
  private final Map<EventExecutor, List<Object>> handOffs = new IdentityHashMap<>();

  public FanOutBatch(ByteBufAllocator alloc) {
    this.alloc = alloc;
  }

  /** {@code packet} is about to be offered to every viewer; the caller keeps its reference. */
  void begin(ByteBuf packet) {
    this.packet = packet;
  }

  /** The packet's offers are done: releases its wire forms (the sockets hold their own references). */
  void end() {
    packet = null;
    if (shared != null) {
      shared.release();
      shared = null;
    }
    for (int i = 0; i < framedCount; i++) {
      int ch = framedChannels[i];
      framed[ch].release();
      framed[ch] = null;
    }
    framedCount = 0;
  }

  /** Whether {@code p} is the packet being offered now (an output offered another one builds its own forms). */
  boolean isCurrent(ByteBuf p) {
    return p == packet;
  }

  /**
   * The current packet for a datagram, with one more reference the socket releases. One duplicate
   * serves every viewer: sending a datagram never moves its indices, and the caller's may move.
   */
  ByteBuf datagramContent() {
    if (shared == null) {
      shared = packet.retainedDuplicate();
    }
    return shared.retain();
  }

  /**
   * The current packet framed for interleaved {@code channel} ({@code '$' channel length16 packet}),
   * a view with its own indices and one reference the connection releases. The bytes are copied once
   * per channel number per packet, not once per viewer.
   */
  ByteBuf interleaved(int channel) {
    ByteBuf f = framed[channel];
    if (f == null) {
      f = frame(alloc, channel, packet);
      framed[channel] = f;
      framedChannels[framedCount++] = channel;
    }
    return f.retainedDuplicate();
  }

  /** {@code packet} framed for interleaved {@code channel}: a new buffer the caller owns. */
  static ByteBuf frame(ByteBufAllocator alloc, int channel, ByteBuf packet) {
    int length = packet.readableBytes();
    if (length > 0xFFFF) {
      throw new IllegalArgumentException("interleaved payload of " + length + " bytes exceeds 65535");
    }
    ByteBuf f = alloc.directBuffer(4 + length);
    f.writeByte('$').writeByte(channel).writeShort(length);
    f.writeBytes(packet, packet.readerIndex(), length);
    return f;
  }

  /** A datagram was written on {@code socket}; it is flushed once when the batch finishes. */
  void touched(Channel socket) {
    List<Channel> t = touchedSockets;
    for (int i = 0; i < t.size(); i++) {
      if (t.get(i) == socket) {
        return;
      }
    }
    t.add(socket);
  }

  /** {@code frame} goes to {@code output}'s connection on another event loop, in this batch's one task for that loop. */
  void handOff(InterleavedViewerOutput output, ChannelHandlerContext writer, ByteBuf frame) {
    List<Object> list = handOffs.get(writer.executor());
    if (list == null) {
      list = new ArrayList<>();
      handOffs.put(writer.executor(), list);
    }
    list.add(output);
    list.add(writer);
    list.add(frame);
  }

  /** Ends a batch: flushes the touched sockets and hands the other loops their frames. */
  void finish() {
    for (int i = 0; i < touchedSockets.size(); i++) {
      touchedSockets.get(i).flush();
    }
    touchedSockets.clear();
    if (handOffs.isEmpty()) {
      return;
    }
    for (Map.Entry<EventExecutor, List<Object>> e : handOffs.entrySet()) {
      Object[] batch = e.getValue().toArray();
      try {
        e.getKey().execute(() -> writeAll(batch));
      } catch (RuntimeException rejected) {
        // That loop is shutting down: the frames will never be written.
        for (int i = 0; i < batch.length; i += 3) {
          ((ByteBuf) batch[i + 2]).release();
          ((InterleavedViewerOutput) batch[i]).lost(rejected);
        }
      }
    }
    handOffs.clear();
  }

  /** On the connections' loop: writes every frame, then flushes each connection once. */
  private static void writeAll(Object[] batch) {
    Set<ChannelHandlerContext> written = Collections.newSetFromMap(new IdentityHashMap<>());
    for (int i = 0; i < batch.length; i += 3) {
      ChannelHandlerContext writer = (ChannelHandlerContext) batch[i + 1];
      writer.write(batch[i + 2], writer.voidPromise());
      written.add(writer);
    }
    for (ChannelHandlerContext w : written) {
      w.flush();
    }
  }
}
