package org.seamcache.proxy.seam;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.seamcache.seamer.MalformedPacketException;
import org.seamcache.seamer.RtcpPacket;
import org.seamcache.seamer.RtpHeader;

/** Viewers see one SSRC and continuous numbers, across fills from other legs and across epochs. */
class OutputNumberingTest {
  private static final long MS = 1_000_000L;

  private static ByteBuf rtp(int seq, long ts, long ssrc) {
    ByteBuf b = Unpooled.buffer(16);
    b.writeByte(0x80).writeByte(96).writeShort(seq).writeInt((int) ts).writeInt((int) ssrc).writeInt(0xCAFEBABE);
    return b;
  }

  private static RtpHeader header(ByteBuf b) throws MalformedPacketException {
    return RtpHeader.parse(b.nioBuffer());
  }

  @Test
  void theReferencesPacketsPassUnchangedAndFillsAreRewritten() throws Exception {
    OutputNumbering n = new OutputNumbering(90_000);
    ByteBuf ref = rtp(65535, 0xFFFF_FFF0L, 0x1111);
    // canonical numbering of the first epoch is the reference's own, extended
    n.next((1L << 16) + 65535, (1L << 32) + 0xFFFF_FFF0L, header(ref), 0);
    assertThat(n.differs(header(ref))).isFalse();
    ByteBuf fill = rtp(17, 5000, 0x2222); // another leg's numbering, placed at the next position
    n.next((1L << 16) + 65536, (1L << 32) + 0xFFFF_FFF0L + 3000, header(fill), 33 * MS);
    assertThat(n.differs(header(fill))).isTrue();
    ByteBuf out = n.rewrite(fill);
    RtpHeader h = header(out);
    assertThat(h.sequence()).isZero();
    assertThat(h.timestamp()).isEqualTo((0xFFFF_FFF0L + 3000) & 0xFFFF_FFFFL);
    assertThat(h.ssrc()).isEqualTo(0x1111);
    assertThat(out.getInt(12)).as("payload untouched").isEqualTo(0xCAFEBABE);
    assertThat(fill.getShort(2)).as("the original is not changed").isEqualTo((short) 17);
    assertThat(n.header(header(fill))).isEqualTo(h);
    ref.release();
    fill.release();
    out.release();
  }

  @Test
  void aNewEpochContinuesTheSequenceAndTheClock() throws Exception {
    OutputNumbering n = new OutputNumbering(90_000);
    ByteBuf a = rtp(100, 9000, 0xAAAA);
    n.next((1L << 16) + 100, (1L << 32) + 9000, header(a), 0);
    n.startEpoch();
    ByteBuf b = rtp(40000, 123_456, 0xBBBB); // a restarted origin: new SSRC, sequence and timestamp bases
    n.next((1L << 16) + 40000, (1L << 32) + 123_456, header(b), 500 * MS);
    assertThat(n.sequence()).isEqualTo(101);
    assertThat(n.timestamp()).isEqualTo(9000 + 45_000); // 0.5 s at 90 kHz later
    assertThat(n.ssrc()).isEqualTo(0xAAAA);
    assertThat(n.unshifted()).isFalse();
    ByteBuf c = rtp(40001, 123_456 + 3600, 0xBBBB);
    n.next((1L << 16) + 40001, (1L << 32) + 123_456 + 3600, header(c), 540 * MS);
    assertThat(n.sequence()).isEqualTo(102);
    assertThat(n.timestamp()).isEqualTo(9000 + 45_000 + 3600);
    // the new origin's sender reports are given in the viewers' numbering
    byte[] sr = n.senderReport(0xE000_0000_0000_0000L, 123_456 + 3600);
    List<RtcpPacket> parsed = RtcpPacket.parseCompound(ByteBuffer.wrap(sr));
    RtcpPacket.SenderReport report = (RtcpPacket.SenderReport) parsed.get(0);
    assertThat(report.senderSsrc()).isEqualTo(0xAAAA);
    assertThat(report.rtpTimestamp()).isEqualTo(9000 + 45_000 + 3600);
    assertThat(report.packetCount()).isEqualTo(3);
    a.release();
    b.release();
    c.release();
  }
}
