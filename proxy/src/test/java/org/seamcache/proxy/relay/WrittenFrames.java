package org.seamcache.proxy.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;

/** Reads the {@code $}-framed bytes an interleaved output wrote to an embedded connection. */
final class WrittenFrames {
  /** One frame as a client would parse it; release it. */
  record Frame(int channel, ByteBuf content) {
    void release() {
      content.release();
    }
  }

  private WrittenFrames() {}

  /** The next frame written to {@code connection}, or null when nothing more was written. */
  static Frame next(EmbeddedChannel connection) {
    ByteBuf wire = connection.readOutbound();
    if (wire == null) {
      return null;
    }
    try {
      int at = wire.readerIndex();
      assertThat(wire.getByte(at)).as("frame marker").isEqualTo((byte) '$');
      int length = wire.getUnsignedShort(at + 2);
      assertThat(wire.readableBytes()).as("one whole frame per write").isEqualTo(4 + length);
      return new Frame(wire.getUnsignedByte(at + 1), wire.retainedSlice(at + 4, length));
    } finally {
      wire.release();
    }
  }
}
