package org.seamcache.proxy.rtsp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/**
 * Writes an {@link InterleavedFrame} as {@code '$' channel length16} followed by the payload itself
 * (no copy: the payload buffer goes to the socket as it is). Stateless and shareable.
 */
@Sharable
public final class InterleavedFrameEncoder extends MessageToMessageEncoder<InterleavedFrame> {
  public static final InterleavedFrameEncoder INSTANCE = new InterleavedFrameEncoder();

  private InterleavedFrameEncoder() {}

  @Override
  protected void encode(ChannelHandlerContext ctx, InterleavedFrame frame, List<Object> out) {
    ByteBuf payload = frame.content();
    int length = payload.readableBytes();
    if (length > 0xFFFF) {
      throw new IllegalArgumentException("interleaved payload of " + length + " bytes exceeds 65535");
    }
    ByteBuf header = ctx.alloc().buffer(4);
    header.writeByte('$').writeByte(frame.channel()).writeShort(length);
    out.add(header);
    out.add(payload.retain());
  }
}
