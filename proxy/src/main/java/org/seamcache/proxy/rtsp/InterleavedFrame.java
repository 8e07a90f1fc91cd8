package org.seamcache.proxy.rtsp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * One RTP or RTCP packet carried on the RTSP connection (RFC 2326 §10.12):
 * {@code '$' channel(8) length(16) payload}. Owns a reference to its payload.
 */
public final class InterleavedFrame extends DefaultByteBufHolder {
  private final int channel;

  public InterleavedFrame(int channel, ByteBuf payload) {
    super(payload);
    if (channel < 0 || channel > 255) {
      throw new IllegalArgumentException("interleaved channel " + channel + " is outside 0-255");
    }
    this.channel = channel;
  }

  public int channel() {
    return channel;
  }

  @Override
  public InterleavedFrame replace(ByteBuf content) {
    return new InterleavedFrame(channel, content);
  }

  @Override
  public String toString() {
    return "InterleavedFrame(channel=" + channel + ", " + content().readableBytes() + " bytes)";
  }
}
