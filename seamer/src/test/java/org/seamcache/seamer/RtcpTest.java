package org.seamcache.seamer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RtcpTest {

  /** SR with one report block, then SDES CNAME, as a GStreamer sender sends them. */
  private static final String SR_SDES =
      "81c8000c" + "e85def80" + "e9a1b2c3" + "80000000" + "00015f90" + "00000064" + "00002710"
          + "11223344" + "05fffffe" + "0001ffff" + "00000020" + "b2c38000" + "00010000"
          + "81ca0003" + "e85def80" + "01036162" + "63000000";

  @Test
  void parsesSenderReportWithBlockAndSkipsSdes() throws MalformedPacketException {
    byte[] bytes = HexFormat.of().parseHex(SR_SDES);
    List<RtcpPacket> packets = RtcpPacket.parseCompound(bytes, 0, bytes.length);
    assertThat(packets).hasSize(2);
    RtcpPacket.SenderReport sr = (RtcpPacket.SenderReport) packets.get(0);
    assertThat(sr.senderSsrc()).isEqualTo(0xE85DEF80L);
    assertThat(sr.ntpTimestamp()).isEqualTo(0xE9A1B2C380000000L);
    assertThat(sr.ntpNanos() % 1_000_000_000L).isEqualTo(500_000_000L);
    assertThat(sr.rtpTimestamp()).isEqualTo(90_000);
    assertThat(sr.packetCount()).isEqualTo(100);
    assertThat(sr.octetCount()).isEqualTo(10_000);
    RtcpReportBlock block = sr.reports().get(0);
    assertThat(block.sourceSsrc()).isEqualTo(0x11223344L);
    assertThat(block.fractionLost()).isEqualTo(5);
    assertThat(block.cumulativeLost()).isEqualTo(-2);
    assertThat(block.extendedHighestSeq()).isEqualTo(0x1FFFFL);
    assertThat(block.jitter()).isEqualTo(32);
    assertThat(block.lastSr()).isEqualTo(0xB2C38000L);
    assertThat(block.delaySinceLastSr()).isEqualTo(65536);
    assertThat(packets.get(1)).isEqualTo(new RtcpPacket.Other(RtcpPacket.TYPE_SDES, 1, 0xE85DEF80L, 16));
  }

  @Test
  void writtenReceiverReportSdesAndByeParseBack() throws MalformedPacketException {
    byte[] buf = new byte[200];
    RtcpReportBlock block = RtcpReportBlock.clamped(0xCAFEBABEL, 200, 20, 12345, 0x3_0010L, 77,
        RtcpNtp.middle32(0xE9A1B2C3_80000000L), RtcpNtp.delayUnits(1_500_000_000L));
    int n = RtcpWriter.writeReceiverReport(buf, 0, 0x01020304L, block);
    n += RtcpWriter.writeSdesCname(buf, n, 0x01020304L, "seamcache@host");
    n += RtcpWriter.writeBye(buf, n, 0x01020304L);
    List<RtcpPacket> packets = RtcpPacket.parseCompound(ByteBuffer.wrap(buf, 0, n));
    assertThat(packets).hasSize(3);
    RtcpPacket.ReceiverReport rr = (RtcpPacket.ReceiverReport) packets.get(0);
    assertThat(rr.reporterSsrc()).isEqualTo(0x01020304L);
    assertThat(rr.reports()).containsExactly(block);
    assertThat(block.fractionLost()).isEqualTo(25); // 20/200 * 256 = 25.6, truncated as in A.3
    assertThat(block.lastSr()).isEqualTo(0xB2C38000L);
    assertThat(block.delaySinceLastSr()).isEqualTo(98304); // 1.5 s in 1/65536 s
    assertThat(packets.get(1)).isInstanceOf(RtcpPacket.Other.class);
    assertThat(packets.get(2)).isEqualTo(new RtcpPacket.Bye(List.of(0x01020304L), ""));
  }

  @Test
  void writtenSenderReportParsesBack() throws MalformedPacketException {
    byte[] buf = new byte[64];
    int n = RtcpWriter.writeSenderReport(buf, 0, 0xFEEDF00DL, 0xE9A1B2C3_80000000L, 0x1_2345_6789L, 1000, 123_456);
    n += RtcpWriter.writeSdesCname(buf, n, 0xFEEDF00DL, "seamcache");
    List<RtcpPacket> packets = RtcpPacket.parseCompound(ByteBuffer.wrap(buf, 0, n));
    assertThat(n).isGreaterThan(RtcpWriter.SENDER_REPORT_BYTES);
    assertThat(packets.get(0))
        .isEqualTo(new RtcpPacket.SenderReport(0xFEEDF00DL, 0xE9A1B2C3_80000000L, 0x2345_6789L, 1000, 123_456, List.of()));
  }

  @Test
  void clampedBlockSaturates() {
    RtcpReportBlock b = RtcpReportBlock.clamped(1, 10, -3, 1L << 40, 0, 0, 0, 0);
    assertThat(b.fractionLost()).isZero();
    assertThat(b.cumulativeLost()).isEqualTo((1 << 23) - 1);
    assertThat(RtcpReportBlock.clamped(1, 10, 50, 0, 0, 0, 0, 0).fractionLost()).isEqualTo(255);
  }

  @Test
  void byeWithReason() throws MalformedPacketException {
    byte[] bytes = HexFormat.of().parseHex("81cb0003" + "0a0b0c0d" + "04646f6e" + "65000000");
    assertThat(RtcpPacket.parseCompound(bytes, 0, bytes.length))
        .containsExactly(new RtcpPacket.Bye(List.of(0x0A0B0C0DL), "done"));
  }

  @ParameterizedTest
  @CsvSource({
      "81c9,                                      shorter than a 4-byte header",
      "41c90001aabbccdd,                          RTCP version 1, expected 2",
      "81c90007aabbccdd,                          declares 32 bytes but only 8 remain",
      "81c90001aabbccdd,                          needs 28 body bytes, has 4",
      "a1c90001aabbccdd80c9000100000000,          padding bit set on a packet that is not the last",
      "a0c9000100000000,                          padding count 0 is zero or larger",
      "80c90001aabbccdd80,                        1 trailing bytes, not a whole header",
      "82cb0001aabbccdd,                          needs 8 body bytes, has 4",
      "81cb0002aabbccdd09646f6e,                  BYE reason of 9 bytes runs past the packet",
  })
  void rejectsMalformedCompounds(String hex, String message) {
    byte[] bytes = HexFormat.of().parseHex(hex);
    assertThatThrownBy(() -> RtcpPacket.parseCompound(bytes, 0, bytes.length))
        .isInstanceOf(MalformedPacketException.class)
        .hasMessageContaining(message);
  }

  @Test
  void ntpConversionsRoundTrip() {
    long unixNanos = 1_763_700_000_123_456_789L;
    long ntp = RtcpNtp.fromUnixNanos(unixNanos);
    long back = RtcpNtp.toNanos(ntp) - RtcpNtp.UNIX_EPOCH_NTP_SECONDS * 1_000_000_000L;
    assertThat(Math.abs(back - unixNanos)).isLessThanOrEqualTo(1);
    assertThat(RtcpNtp.delayUnits(-5)).isZero();
    assertThat(RtcpNtp.delayUnits(Long.MAX_VALUE)).isEqualTo(0xFFFF_FFFFL);
  }
}
