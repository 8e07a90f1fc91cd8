package org.seamcache.seamer;

import java.nio.charset.StandardCharsets;

/**
 * Writes the RTCP packets a receiving leg sends (RFC 3550 §6.4.2 RR, §6.5 SDES CNAME, §6.6 BYE),
 * and the sender report a proxy gives its viewers for a stream it renumbered (§6.4.1 SR), into a
 * caller's {@code byte[]}; each method returns the number of bytes written. Concatenate them
 * for a compound packet: RR first, then SDES with a CNAME (§6.1 requires both in every compound),
 * then BYE when leaving. Stateless; never allocates for RR and BYE.
 */
public final class RtcpWriter {

  private RtcpWriter() {}

  /** Bytes an RR with {@code blocks} report blocks takes. */
  public static int receiverReportBytes(int blocks) {
    return 8 + blocks * RtcpReportBlock.BYTES;
  }

  /**
   * Writes an RR from {@code reporterSsrc} with up to 31 report blocks at {@code dst[offset]}.
   *
   * @throws IllegalArgumentException if there are more than 31 blocks or {@code dst} is too short
   */
  public static int writeReceiverReport(byte[] dst, int offset, long reporterSsrc, RtcpReportBlock... blocks) {
    if (blocks.length > 31) {
      throw new IllegalArgumentException("an RR holds at most 31 report blocks, got " + blocks.length);
    }
    int bytes = receiverReportBytes(blocks.length);
    requireRoom(dst, offset, bytes);
    int p = header(dst, offset, blocks.length, RtcpPacket.TYPE_RR, bytes);
    p = u32(dst, p, reporterSsrc);
    for (RtcpReportBlock b : blocks) {
      p = u32(dst, p, b.sourceSsrc());
      p = u32(dst, p, ((long) b.fractionLost() << 24) | (b.cumulativeLost() & 0xFF_FFFFL));
      p = u32(dst, p, b.extendedHighestSeq());
      p = u32(dst, p, b.jitter());
      p = u32(dst, p, b.lastSr());
      p = u32(dst, p, b.delaySinceLastSr());
    }
    return bytes;
  }

  /** Bytes of an SR without report blocks. */
  public static final int SENDER_REPORT_BYTES = 28;

  /**
   * Writes an SR without report blocks (a sender that receives nothing from its viewers' sources):
   * the NTP timestamp and the RTP timestamp of the same instant, and the sender's counts.
   */
  public static int writeSenderReport(byte[] dst, int offset, long ssrc, long ntpTimestamp, long rtpTimestamp, long packetCount,
      long octetCount) {
    requireRoom(dst, offset, SENDER_REPORT_BYTES);
    int p = header(dst, offset, 0, RtcpPacket.TYPE_SR, SENDER_REPORT_BYTES);
    p = u32(dst, p, ssrc);
    p = u32(dst, p, ntpTimestamp >>> 32);
    p = u32(dst, p, ntpTimestamp & 0xFFFF_FFFFL);
    p = u32(dst, p, rtpTimestamp & 0xFFFF_FFFFL);
    p = u32(dst, p, packetCount & 0xFFFF_FFFFL);
    u32(dst, p, octetCount & 0xFFFF_FFFFL);
    return SENDER_REPORT_BYTES;
  }

  /** Writes a BYE for {@code ssrc} with no reason; returns 8. */
  public static int writeBye(byte[] dst, int offset, long ssrc) {
    requireRoom(dst, offset, 8);
    u32(dst, header(dst, offset, 1, RtcpPacket.TYPE_BYE, 8), ssrc);
    return 8;
  }

  /** Writes an SDES packet with one chunk holding a CNAME item (at most 255 UTF-8 bytes). */
  public static int writeSdesCname(byte[] dst, int offset, long ssrc, String cname) {
    byte[] text = cname.getBytes(StandardCharsets.UTF_8);
    if (text.length > 255) {
      throw new IllegalArgumentException("CNAME of " + text.length + " bytes exceeds the 255-byte item limit");
    }
    // header, SSRC, item type + length + text, then at least one zero byte ending the item list, to a word boundary
    int bytes = (4 + 4 + 2 + text.length + 1 + 3) & ~3;
    requireRoom(dst, offset, bytes);
    int p = header(dst, offset, 1, RtcpPacket.TYPE_SDES, bytes);
    p = u32(dst, p, ssrc);
    dst[p++] = 1; // CNAME
    dst[p++] = (byte) text.length;
    System.arraycopy(text, 0, dst, p, text.length);
    for (p += text.length; p < offset + bytes; p++) {
      dst[p] = 0;
    }
    return bytes;
  }

  private static int header(byte[] dst, int offset, int count, int type, int bytes) {
    dst[offset] = (byte) (0x80 | count);
    dst[offset + 1] = (byte) type;
    int words = bytes / 4 - 1;
    dst[offset + 2] = (byte) (words >>> 8);
    dst[offset + 3] = (byte) words;
    return offset + 4;
  }

  private static int u32(byte[] dst, int p, long v) {
    dst[p] = (byte) (v >>> 24);
    dst[p + 1] = (byte) (v >>> 16);
    dst[p + 2] = (byte) (v >>> 8);
    dst[p + 3] = (byte) v;
    return p + 4;
  }

  private static void requireRoom(byte[] dst, int offset, int bytes) {
    if (offset < 0 || offset + bytes > dst.length) {
      throw new IllegalArgumentException("need " + bytes + " bytes at offset " + offset + " of a " + dst.length + "-byte array");
    }
  }
}
