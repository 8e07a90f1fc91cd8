package org.seamcache.seamer;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * One packet of an RTCP compound packet (RFC 3550 §6), parsed into plain values.
 *
 * <p>The kinds the proxy acts on have their own records; everything else (SDES, APP, feedback) is
 * {@link Other}, kept with its type and sender SSRC. All records are immutable.
 */
public sealed interface RtcpPacket
    permits RtcpPacket.SenderReport, RtcpPacket.ReceiverReport, RtcpPacket.Bye, RtcpPacket.Other {

  int TYPE_SR = 200;
  int TYPE_RR = 201;
  int TYPE_SDES = 202;
  int TYPE_BYE = 203;
  int TYPE_APP = 204;

  /**
   * Parses and validates the compound packet between {@code buf.position()} and {@code buf.limit()}.
   *
   * @throws MalformedPacketException naming the rule broken (version, length, padding, counts)
   */
  static List<RtcpPacket> parseCompound(ByteBuffer buf) throws MalformedPacketException {
    return RtcpCompoundParser.parse(buf);
  }

  /** Same as {@link #parseCompound(ByteBuffer)} over {@code bytes[offset, offset+length)}. */
  static List<RtcpPacket> parseCompound(byte[] bytes, int offset, int length) throws MalformedPacketException {
    return RtcpCompoundParser.parse(ByteBuffer.wrap(bytes, offset, length).slice());
  }

  /** SR (PT 200): the sender's NTP↔RTP mapping and counts, plus reception report blocks. */
  record SenderReport(
      long senderSsrc,
      long ntpTimestamp,
      long rtpTimestamp,
      long packetCount,
      long octetCount,
      List<RtcpReportBlock> reports) implements RtcpPacket {
    public SenderReport {
      reports = List.copyOf(reports);
    }

    /** The NTP timestamp as nanoseconds since 1900-01-01 (what the 64-bit fixed-point value says). */
    public long ntpNanos() {
      return RtcpNtp.toNanos(ntpTimestamp);
    }
  }

  /** RR (PT 201): reception report blocks from {@code reporterSsrc}. */
  record ReceiverReport(long reporterSsrc, List<RtcpReportBlock> reports) implements RtcpPacket {
    public ReceiverReport {
      reports = List.copyOf(reports);
    }
  }

  /** BYE (PT 203): the sources leaving, and the optional reason (empty when absent). */
  record Bye(List<Long> ssrcs, String reason) implements RtcpPacket {
    public Bye {
      ssrcs = List.copyOf(ssrcs);
    }
  }

  /** Any other packet type; {@code firstWord} is the 32 bits after the header (usually an SSRC), or 0. */
  record Other(int packetType, int count, long firstWord, int lengthBytes) implements RtcpPacket {}
}
