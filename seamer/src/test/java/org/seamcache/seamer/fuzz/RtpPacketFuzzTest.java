package org.seamcache.seamer.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.List;
import org.seamcache.seamer.KeyframeStart;
import org.seamcache.seamer.MalformedPacketException;
import org.seamcache.seamer.RtcpPacket;
import org.seamcache.seamer.RtcpReportBlock;
import org.seamcache.seamer.RtcpWriter;
import org.seamcache.seamer.RtpHeader;

/**
 * RTP and RTCP packets as they come off a socket or an interleaved frame: refused only with {@link
 * MalformedPacketException}; a parsed RTP header's payload lies inside the packet; the kinds {@link RtcpWriter} can
 * write (RR, SR without blocks, BYE of one source) write back to bytes that parse to the same value. Seed corpus:
 * real packets in {@code test-data/fuzz/seamer}.
 */
class RtpPacketFuzzTest {

  @FuzzTest
  void rtp(byte[] input) {
    RtpHeader header;
    try {
      header = RtpHeader.parse(ByteBuffer.wrap(input));
    } catch (MalformedPacketException refused) {
      return;
    }
    assertThat(header.payloadOffset()).isBetween(RtpHeader.FIXED_HEADER_BYTES, input.length);
    assertThat(header.payloadLength()).isBetween(0, input.length - header.payloadOffset());
    assertThat(header.sequence()).isBetween(0, 0xFFFF);
    assertThat(header.payloadType()).isBetween(0, 127);
    ByteBuffer payload = ByteBuffer.wrap(input, header.payloadOffset(), header.payloadLength()).slice();
    for (String encoding : List.of("H264", "H265", "MP4A-LATM")) {
      KeyframeStart.isStart(encoding, payload);
      assertThat(payload.position()).isZero();
    }
  }

  @FuzzTest
  void rtcp(byte[] input) {
    List<RtcpPacket> packets;
    try {
      packets = RtcpPacket.parseCompound(ByteBuffer.wrap(input));
    } catch (MalformedPacketException refused) {
      return;
    }
    for (RtcpPacket p : packets) {
      byte[] again = rewritten(p);
      if (again.length > 0) {
        try {
          assertThat(RtcpPacket.parseCompound(ByteBuffer.wrap(again))).containsExactly(p);
        } catch (MalformedPacketException e) {
          throw new AssertionError("RtcpWriter's own " + p + " does not parse", e);
        }
      }
    }
  }

  /** {@code p} as RtcpWriter writes it, or nothing when it cannot write that kind. */
  private static byte[] rewritten(RtcpPacket p) {
    byte[] dst = new byte[RtcpWriter.receiverReportBytes(31)];
    int n = 0;
    if (p instanceof RtcpPacket.ReceiverReport rr) {
      n = RtcpWriter.writeReceiverReport(dst, 0, rr.reporterSsrc(), rr.reports().toArray(RtcpReportBlock[]::new));
    } else if (p instanceof RtcpPacket.SenderReport sr && sr.reports().isEmpty()) {
      n = RtcpWriter.writeSenderReport(dst, 0, sr.senderSsrc(), sr.ntpTimestamp(), sr.rtpTimestamp(), sr.packetCount(),
          sr.octetCount());
    } else if (p instanceof RtcpPacket.Bye bye && bye.ssrcs().size() == 1 && bye.reason().isEmpty()) {
      n = RtcpWriter.writeBye(dst, 0, bye.ssrcs().get(0));
    }
    return java.util.Arrays.copyOf(dst, n);
  }
}
