package org.seamcache.seamer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses an RTCP compound packet (RFC 3550 §6.1, validity checks after Appendix A.2).
 *
 * <pre>
 *  0                   1                   2                   3
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|   RC    |      PT       |  length (32-bit words - 1)    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  SSRC of sender / first SSRC ...                               |
 * </pre>
 *
 * <p>Checked: every packet has version 2; every length fits the remaining bytes and the lengths add
 * up to the whole datagram; padding appears only on the last packet and is consistent; report and
 * source counts fit their packet. Not enforced: the A.2 rule that the first packet is SR or RR
 * (some servers send a lone BYE; rejecting it would hide the goodbye). Stateless.
 */
final class RtcpCompoundParser {

  private static final int HEADER_BYTES = 4;

  private RtcpCompoundParser() {}

  static List<RtcpPacket> parse(ByteBuffer buf) throws MalformedPacketException {
    int pos = buf.position();
    int end = buf.limit();
    if (end - pos < HEADER_BYTES) {
      throw new MalformedPacketException("RTCP datagram of " + (end - pos) + " bytes is shorter than a 4-byte header");
    }
    List<RtcpPacket> out = new ArrayList<>(2);
    while (pos < end) {
      if (end - pos < HEADER_BYTES) {
        throw new MalformedPacketException("RTCP compound has " + (end - pos) + " trailing bytes, not a whole header");
      }
      int b0 = buf.get(pos) & 0xFF;
      if (b0 >>> 6 != 2) {
        throw new MalformedPacketException("RTCP version " + (b0 >>> 6) + ", expected 2");
      }
      int count = b0 & 0x1F;
      int type = buf.get(pos + 1) & 0xFF;
      int lengthBytes = ((buf.getShort(pos + 2) & 0xFFFF) + 1) * 4;
      if (pos + lengthBytes > end) {
        throw new MalformedPacketException("RTCP packet type " + type + " declares " + lengthBytes
            + " bytes but only " + (end - pos) + " remain");
      }
      int bodyEnd = pos + lengthBytes;
      if ((b0 & 0x20) != 0) {
        if (bodyEnd != end) {
          throw new MalformedPacketException("RTCP padding bit set on a packet that is not the last of the compound");
        }
        int padding = buf.get(bodyEnd - 1) & 0xFF;
        if (padding == 0 || padding > lengthBytes - HEADER_BYTES) {
          throw new MalformedPacketException("RTCP padding count " + padding + " is zero or larger than the packet");
        }
        bodyEnd -= padding;
      }
      out.add(parseOne(buf, pos, bodyEnd, type, count, lengthBytes));
      pos += lengthBytes;
    }
    return out;
  }

  private static RtcpPacket parseOne(ByteBuffer buf, int start, int bodyEnd, int type, int count, int lengthBytes)
      throws MalformedPacketException {
    int p = start + HEADER_BYTES;
    switch (type) {
      case RtcpPacket.TYPE_SR -> {
        requireBytes(type, bodyEnd - p, 24 + count * RtcpReportBlock.BYTES, count);
        long ssrc = u32(buf, p);
        long ntp = buf.getLong(p + 4);
        return new RtcpPacket.SenderReport(ssrc, ntp, u32(buf, p + 12), u32(buf, p + 16), u32(buf, p + 20),
            blocks(buf, p + 24, count));
      }
      case RtcpPacket.TYPE_RR -> {
        requireBytes(type, bodyEnd - p, 4 + count * RtcpReportBlock.BYTES, count);
        return new RtcpPacket.ReceiverReport(u32(buf, p), blocks(buf, p + 4, count));
      }
      case RtcpPacket.TYPE_BYE -> {
        requireBytes(type, bodyEnd - p, 4 * count, count);
        List<Long> ssrcs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          ssrcs.add(u32(buf, p + 4 * i));
        }
        int r = p + 4 * count;
        String reason = "";
        if (r < bodyEnd) {
          int len = buf.get(r) & 0xFF;
          if (r + 1 + len > bodyEnd) {
            throw new MalformedPacketException("RTCP BYE reason of " + len + " bytes runs past the packet");
          }
          byte[] text = new byte[len];
          buf.get(r + 1, text);
          reason = new String(text, StandardCharsets.UTF_8);
        }
        return new RtcpPacket.Bye(ssrcs, reason);
      }
      default -> {
        long first = bodyEnd - p >= 4 ? u32(buf, p) : 0;
        return new RtcpPacket.Other(type, count, first, lengthBytes);
      }
    }
  }

  private static void requireBytes(int type, int have, int need, int count) throws MalformedPacketException {
    if (have < need) {
      throw new MalformedPacketException("RTCP packet type " + type + " with count " + count + " needs "
          + need + " body bytes, has " + have);
    }
  }

  private static List<RtcpReportBlock> blocks(ByteBuffer buf, int p, int count) {
    List<RtcpReportBlock> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++, p += RtcpReportBlock.BYTES) {
      int lostWord = buf.getInt(p + 4);
      int cumulative = (lostWord << 8) >> 8; // sign-extend the 24-bit field
      out.add(new RtcpReportBlock(u32(buf, p), lostWord >>> 24, cumulative, u32(buf, p + 8),
          u32(buf, p + 12), u32(buf, p + 16), u32(buf, p + 20)));
    }
    return out;
  }

  private static long u32(ByteBuffer buf, int p) {
    return buf.getInt(p) & 0xFFFF_FFFFL;
  }
}
