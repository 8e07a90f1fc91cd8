package org.seamcache.seamer;

import java.nio.ByteBuffer;

/**
 * The fixed header of one RTP packet (RFC 3550 §5.1), validated once and then read as plain fields.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           timestamp                           |
 * |           synchronization source (SSRC) identifier            |
 * |            contributing source (CSRC) identifiers (CC)        |
 * |  [header extension: profile(16) length-in-words(16) data...]  |
 * |  payload ...                        [padding ... count(8)]    |
 * </pre>
 *
 * <p>Offsets are relative to the first byte of the packet. Immutable.
 */
public record RtpHeader(
    boolean marker,
    int payloadType,
    int sequence,
    long timestamp,
    long ssrc,
    int payloadOffset,
    int payloadLength) {

  public static final int FIXED_HEADER_BYTES = 12;
  private static final int VERSION = 2;

  /** Reads and validates the packet between {@code buf.position()} and {@code buf.limit()}. */
  public static RtpHeader parse(ByteBuffer buf) throws MalformedPacketException {
    int base = buf.position();
    int len = buf.remaining();
    if (len < FIXED_HEADER_BYTES) {
      throw new MalformedPacketException("RTP packet of " + len + " bytes is shorter than the 12-byte fixed header");
    }
    int b0 = buf.get(base) & 0xFF;
    int b1 = buf.get(base + 1) & 0xFF;
    if (b0 >>> 6 != VERSION) {
      throw new MalformedPacketException("RTP version " + (b0 >>> 6) + ", expected 2");
    }
    int payloadType = b1 & 0x7F;
    if (payloadType >= 72 && payloadType <= 76) {
      // RFC 5761 §4: these values would collide with RTCP SR/RR/SDES/BYE/APP in a muxed stream.
      throw new MalformedPacketException("payload type " + payloadType + " is an RTCP packet type (RFC 5761)");
    }
    int offset = FIXED_HEADER_BYTES + 4 * (b0 & 0x0F);
    if (offset > len) {
      throw new MalformedPacketException("CSRC count " + (b0 & 0x0F) + " runs past the end of a " + len + "-byte packet");
    }
    if ((b0 & 0x10) != 0) {
      if (offset + 4 > len) {
        throw new MalformedPacketException("header extension flag set but no room for its 4-byte header");
      }
      int words = buf.getShort(base + offset + 2) & 0xFFFF;
      offset += 4 + 4 * words;
      if (offset > len) {
        throw new MalformedPacketException("header extension of " + words + " words runs past the end of the packet");
      }
    }
    int end = len;
    if ((b0 & 0x20) != 0) {
      int padding = buf.get(base + len - 1) & 0xFF;
      if (padding == 0 || offset + padding > len) {
        throw new MalformedPacketException("padding count " + padding + " is zero or larger than the payload");
      }
      end -= padding;
    }
    return new RtpHeader(
        (b1 & 0x80) != 0,
        payloadType,
        buf.getShort(base + 2) & 0xFFFF,
        buf.getInt(base + 4) & 0xFFFF_FFFFL,
        buf.getInt(base + 8) & 0xFFFF_FFFFL,
        offset,
        end - offset);
  }

  /** Same as {@link #parse(ByteBuffer)} over {@code bytes[offset, offset+length)}. */
  public static RtpHeader parse(byte[] bytes, int offset, int length) throws MalformedPacketException {
    return parse(ByteBuffer.wrap(bytes, offset, length).slice());
  }
}
