package org.seamcache.proxy.rtsp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Splits an RTSP connection's bytes into whole RTSP messages (passed on as one {@link ByteBuf} each,
 * for Netty's {@code RtspDecoder} behind this handler) and {@link InterleavedFrame}s.
 *
 * <p>Netty's {@code RtspDecoder} treats a {@code $} frame as a broken message and stays broken for
 * the rest of the connection, so this handler decides at each message boundary: a {@code $} starts
 * a frame ({@code '$' channel length16 payload}); anything else starts a message whose end is the
 * blank line plus {@code Content-Length} bytes. Limits on the header section and the body turn into
 * a {@link RtspFramingException} carrying the status to answer (400 or 413); after that the
 * connection is unusable and bytes are discarded. Stray CR/LF between messages are skipped.
 *
 * <p>A receiver that cannot keep up can {@link #pauseMessages() pause} it: messages then stay here
 * as bytes (at most one read's worth, the channel's auto-read being off meanwhile) until {@link
 * #resumeMessages()}.
 *
 * <p>One instance per channel, used on its event loop only.
 */
public final class InterleavedFrameDecoder extends ByteToMessageDecoder {
  private static final byte DOLLAR = '$';
  private static final int FRAME_HEADER_BYTES = 4;

  private final int maxHeaderBytes;
  private final int maxBodyBytes;
  private boolean broken;
  private boolean messagesPaused;
  private long decoded;
  private ChannelHandlerContext ctx;

  public InterleavedFrameDecoder(int maxHeaderBytes, int maxBodyBytes) {
    this.maxHeaderBytes = maxHeaderBytes;
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  /** Passes no further message on until {@link #resumeMessages()} (frames before one still pass). */
  public void pauseMessages() {
    messagesPaused = true;
  }

  /** Passes on the messages held back meanwhile, then whatever arrives. On the channel's event loop. */
  public void resumeMessages() {
    if (!messagesPaused) {
      return;
    }
    messagesPaused = false;
    if (ctx != null && internalBuffer().isReadable()) {
      try {
        channelRead(ctx, Unpooled.EMPTY_BUFFER); // decodes what is held (and may pause again)
        channelReadComplete(ctx);
      } catch (Exception e) {
        ctx.fireExceptionCaught(e);
      }
    }
  }

  /**
   * True when bytes of a message or frame have arrived and its rest has not (not while paused: the
   * held bytes are then whole messages waiting for the receiver).
   */
  public boolean holdsPartialInput() {
    return !messagesPaused && !broken && internalBuffer().isReadable();
  }

  /** Messages and frames passed on so far. */
  public long decodedCount() {
    return decoded;
  }

  /**
   * The decoder asks for another read when a read brought no whole message and auto-read is off;
   * while paused that would read on without bound.
   */
  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
    if (messagesPaused) {
      ctx.fireChannelReadComplete();
      return;
    }
    super.channelReadComplete(ctx);
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (broken) {
      in.skipBytes(in.readableBytes());
      return;
    }
    // One message or frame per call: the caller hands it on before asking for the next, so a pause
    // it causes takes effect at once.
    while (in.isReadable()) {
      byte first = in.getByte(in.readerIndex());
      if (first == '\r' || first == '\n') {
        in.skipBytes(1);
      } else if (first == DOLLAR) {
        decodeFrame(in, out);
        return;
      } else {
        if (!messagesPaused) {
          decodeMessage(in, out);
        }
        return;
      }
    }
  }

  private boolean decodeFrame(ByteBuf in, List<Object> out) {
    if (in.readableBytes() < FRAME_HEADER_BYTES) {
      return false;
    }
    int start = in.readerIndex();
    int channel = in.getUnsignedByte(start + 1);
    int length = in.getUnsignedShort(start + 2);
    if (in.readableBytes() < FRAME_HEADER_BYTES + length) {
      return false;
    }
    in.skipBytes(FRAME_HEADER_BYTES);
    out.add(new InterleavedFrame(channel, in.readRetainedSlice(length)));
    decoded++;
    return true;
  }

  private boolean decodeMessage(ByteBuf in, List<Object> out) {
    int start = in.readerIndex();
    int searchable = Math.min(in.readableBytes(), maxHeaderBytes);
    int headerEnd = indexOfBlankLine(in, start, start + searchable);
    if (headerEnd < 0) {
      if (in.readableBytes() >= maxHeaderBytes) {
        fail(in, 400, "RTSP header section exceeds " + maxHeaderBytes + " bytes");
      }
      return false;
    }
    long bodyLength = contentLength(in.toString(start, headerEnd - start, StandardCharsets.US_ASCII));
    if (bodyLength < 0) {
      fail(in, 400, "Content-Length is not a non-negative integer");
      return false;
    }
    if (bodyLength > maxBodyBytes) {
      fail(in, 413, "RTSP body of " + bodyLength + " bytes exceeds " + maxBodyBytes);
      return false;
    }
    int total = headerEnd - start + (int) bodyLength;
    if (in.readableBytes() < total) {
      return false;
    }
    out.add(in.readRetainedSlice(total));
    decoded++;
    return true;
  }

  private void fail(ByteBuf in, int status, String message) {
    broken = true;
    in.skipBytes(in.readableBytes());
    throw new RtspFramingException(status, message);
  }

  /** Index just past the first CRLFCRLF (or LFLF) in [from, to), or -1. */
  private static int indexOfBlankLine(ByteBuf in, int from, int to) {
    for (int i = from; i < to; i++) {
      if (in.getByte(i) != '\n') {
        continue;
      }
      if (i + 1 < to && in.getByte(i + 1) == '\n') {
        return i + 2;
      }
      if (i + 2 < to && in.getByte(i + 1) == '\r' && in.getByte(i + 2) == '\n') {
        return i + 3;
      }
    }
    return -1;
  }

  /** The Content-Length value of a header section, 0 when absent, -1 when malformed. */
  static long contentLength(String headerSection) {
    // Line by line without a regular expression: this runs for every request of every viewer.
    for (int at = 0; at < headerSection.length(); ) {
      int end = headerSection.indexOf('\n', at);
      if (end < 0) {
        end = headerSection.length();
      }
      String line = headerSection.substring(at, end > at && headerSection.charAt(end - 1) == '\r' ? end - 1 : end);
      at = end + 1;
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Content-Length")) {
        String value = line.substring(colon + 1).trim();
        if (value.isEmpty() || value.length() > 10 || !value.chars().allMatch(Character::isDigit)) {
          return -1;
        }
        return Long.parseLong(value);
      }
    }
    return 0;
  }
}
