package org.seamcache.seamer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RtpHeaderTest {

  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s.replace(" ", ""));
  }

  @Test
  void readsEveryFieldOfAPlainPacket() throws Exception {
    // V=2, M=1 PT=96, seq 0xABCD, ts 0x12345678, ssrc 0xDEADBEEF, 3 payload bytes
    byte[] p = hex("80 E0 ABCD 12345678 DEADBEEF 010203");
    RtpHeader h = RtpHeader.parse(p, 0, p.length);
    assertThat(h).isEqualTo(new RtpHeader(true, 96, 0xABCD, 0x12345678L, 0xDEADBEEFL, 12, 3));
  }

  @Test
  void skipsCsrcsExtensionAndPadding() throws Exception {
    // CC=1, X=1 with 1 word, P=1 with 2 padding bytes; payload AA BB
    byte[] p = hex("B1 60 0001 00000001 00000002 00000003 BEDE0001 11223344 AABB 0002");
    RtpHeader h = RtpHeader.parse(ByteBuffer.wrap(p));
    assertThat(h.payloadOffset()).isEqualTo(24);
    assertThat(h.payloadLength()).isEqualTo(2);
    assertThat(h.marker()).isFalse();
  }

  @Test
  void respectsTheBufferPosition() throws Exception {
    byte[] p = hex("FFFF 80 60 0007 00000009 0000000A CC");
    ByteBuffer buf = ByteBuffer.wrap(p);
    buf.position(2);
    RtpHeader h = RtpHeader.parse(buf);
    assertThat(h.sequence()).isEqualTo(7);
    assertThat(h.payloadOffset()).isEqualTo(12);
    assertThat(h.payloadLength()).isEqualTo(1);
  }

  @ParameterizedTest
  @CsvSource({
    "80 60 0001 00000001, shorter than the 12-byte fixed header",
    "40 60 0001 00000001 00000001, RTP version 1",
    "80 C8 0001 00000001 00000001, is an RTCP packet type",
    "82 60 0001 00000001 00000001 00000000, CSRC count 2 runs past",
    "90 60 0001 00000001 00000001 BEDE, no room for its 4-byte header",
    "90 60 0001 00000001 00000001 BEDE0002 00000000, header extension of 2 words",
    "A0 60 0001 00000001 00000001 AA00, padding count 0",
    "A0 60 0001 00000001 00000001 AA05, larger than the payload",
  })
  void rejectsBrokenPacketsNamingTheRule(String packet, String reason) {
    byte[] p = hex(packet);
    assertThatThrownBy(() -> RtpHeader.parse(p, 0, p.length))
        .isInstanceOf(MalformedPacketException.class)
        .hasMessageContaining(reason);
  }
}
