package org.seamcache.cli.pcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PcapRoundTripTest {

  @TempDir Path dir;

  static byte[] rtp(int seq, long ts, long ssrc, boolean marker, byte[] payload) {
    ByteBuffer b = ByteBuffer.allocate(12 + payload.length);
    b.put((byte) 0x80).put((byte) ((marker ? 0x80 : 0) | 96)).putShort((short) seq).putInt((int) ts)
        .putInt((int) ssrc).put(payload);
    return b.array();
  }

  @Test
  void writtenDatagramsReadBackWithTimesAddressesAndBytes() throws IOException {
    Path file = dir.resolve("a.pcap");
    Random rnd = new Random(5);
    List<byte[]> sent = new ArrayList<>();
    byte[] src = {10, 0, 0, 1};
    byte[] dst = {(byte) 192, (byte) 168, 1, 2};
    try (PcapWriter w = PcapWriter.create(file)) {
      for (int i = 0; i < 3000; i++) {
        byte[] payload = new byte[rnd.nextInt(1400)];
        rnd.nextBytes(payload);
        byte[] packet = rtp(i, i * 3000L, 0xDEADBEEFL, i % 7 == 0, payload);
        sent.add(packet);
        w.writeUdp(1_700_000_000_000_000_000L + i * 1_000_000L + 999, src, 50000, dst, 5000, ByteBuffer.wrap(packet));
      }
      assertThat(w.records()).isEqualTo(3000);
    }
    try (PcapReader r = PcapReader.open(file, 1 << 20)) { // small windows: records straddle window ends
      assertThat(r.linkType()).isEqualTo(LinkType.ETHERNET);
      UdpRtpExtractor x = new UdpRtpExtractor(r);
      for (int i = 0; i < 3000; i++) {
        CapturedRtpPacket p = x.next();
        assertThat(p).isNotNull();
        assertThat(p.timestampNanos()).isEqualTo(1_700_000_000_000_000_000L + i * 1_000_000L); // microseconds
        assertThat(p.stream()).isEqualTo(new RtpStreamKey(0xDEADBEEFL, 0x0A000001, 50000, 0xC0A80102, 5000));
        assertThat(p.header().sequence()).isEqualTo(i);
        byte[] back = new byte[p.rtpLength()];
        r.bytesAt(p.rtpFileOffset(), p.rtpLength()).get(back);
        assertThat(back).isEqualTo(sent.get(i));
      }
      assertThat(x.next()).isNull();
    }
  }

  /** Builds a pcap by hand in any byte order, resolution and link type, as other tools write them. */
  static byte[] handMade(ByteOrder order, boolean nanos, int linkType, byte[] udpPayload, long seconds, long fraction) {
    byte[] ip = ipv4Udp(udpPayload);
    byte[] link = switch (linkType) {
      case LinkType.ETHERNET -> concat(new byte[12], new byte[] {(byte) 0x81, 0, 0, 5, 8, 0}); // with a VLAN tag
      case LinkType.LINUX_SLL -> concat(new byte[14], new byte[] {8, 0});
      case LinkType.LINUX_SLL2 -> concat(new byte[] {8, 0}, new byte[18]);
      default -> new byte[0];
    };
    byte[] frame = concat(link, ip);
    ByteBuffer b = ByteBuffer.allocate(24 + 16 + frame.length).order(order);
    b.putInt(nanos ? 0xA1B23C4D : 0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
        .putInt(65535).putInt(linkType);
    b.putInt((int) seconds).putInt((int) fraction).putInt(frame.length).putInt(frame.length).put(frame);
    return b.array();
  }

  static byte[] ipv4Udp(byte[] payload) {
    ByteBuffer b = ByteBuffer.allocate(28 + payload.length);
    b.put((byte) 0x45).put((byte) 0).putShort((short) (28 + payload.length)).putInt(0).put((byte) 64).put((byte) 17)
        .putShort((short) 0).putInt(0x7F000001).putInt(0x7F000002);
    b.putShort((short) 40000).putShort((short) 40002).putShort((short) (8 + payload.length)).putShort((short) 0).put(payload);
    return b.array();
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @ParameterizedTest
  @CsvSource({
      "BIG_ENDIAN, false, 1", "LITTLE_ENDIAN, false, 1", "BIG_ENDIAN, true, 101", "LITTLE_ENDIAN, true, 228",
      "LITTLE_ENDIAN, false, 113", "BIG_ENDIAN, true, 276", "LITTLE_ENDIAN, true, 1"})
  void readsEveryByteOrderResolutionAndLinkType(String orderName, boolean nanos, int linkType) throws IOException {
    ByteOrder order = orderName.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    byte[] packet = rtp(65535, 0xFFFFFFFFL, 0x01020304L, true, new byte[] {1, 2, 3, 4, 5});
    Path file = dir.resolve("h.pcap");
    Files.write(file, handMade(order, nanos, linkType, packet, 1_600_000_000L, nanos ? 123_456_789 : 123_456));
    try (PcapReader r = PcapReader.open(file)) {
      assertThat(r.nanosecondResolution()).isEqualTo(nanos);
      CapturedRtpPacket p = new UdpRtpExtractor(r).next();
      assertThat(p.timestampNanos()).isEqualTo(1_600_000_000_000_000_000L + (nanos ? 123_456_789 : 123_456_000));
      assertThat(p.header().sequence()).isEqualTo(65535);
      assertThat(p.header().timestamp()).isEqualTo(0xFFFFFFFFL);
      assertThat(p.header().marker()).isTrue();
      assertThat(p.stream()).isEqualTo(new RtpStreamKey(0x01020304L, 0x7F000001, 40000, 0x7F000002, 40002));
      byte[] payload = new byte[p.header().payloadLength()];
      r.bytesAt(p.payloadFileOffset(), payload.length).get(payload);
      assertThat(payload).containsExactly(1, 2, 3, 4, 5);
    }
  }

  @Test
  void truncatedFileNamesFileAndReason() throws IOException {
    Path file = dir.resolve("cut.pcap");
    byte[] whole = handMade(ByteOrder.LITTLE_ENDIAN, false, 1, rtp(1, 1, 1, false, new byte[100]), 1, 1);
    Files.write(file, Arrays.copyOf(whole, whole.length - 10));
    try (PcapReader r = PcapReader.open(file)) {
      assertThatThrownBy(r::next).isInstanceOf(PcapFormatException.class)
          .hasMessageContaining("cut.pcap")
          .hasMessageContaining("truncated: record 1 at offset 24 declares");
    }
    Files.write(file, Arrays.copyOf(whole, 30));
    try (PcapReader r = PcapReader.open(file)) {
      assertThatThrownBy(r::next).hasMessageContaining("are not a whole record header");
    }
  }

  @Test
  void rejectsPcapngAndGarbageWithAdvice() throws IOException {
    Path ng = dir.resolve("x.pcapng");
    Files.write(ng, new byte[] {0x0A, 0x0D, 0x0D, 0x0A, 0, 0, 0, 28, 0x1A, 0x2B, 0x3C, 0x4D, 0, 1, 0, 0, -1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 28});
    assertThatThrownBy(() -> PcapReader.open(ng)).isInstanceOf(PcapFormatException.class)
        .hasMessageContaining("x.pcapng").hasMessageContaining("editcap -F pcap");
    Path junk = dir.resolve("junk.pcap");
    Files.write(junk, new byte[30]);
    assertThatThrownBy(() -> PcapReader.open(junk)).hasMessageContaining("unknown magic number 0x00000000");
    Path tiny = dir.resolve("tiny.pcap");
    Files.write(tiny, new byte[3]);
    assertThatThrownBy(() -> PcapReader.open(tiny)).hasMessageContaining("shorter than the 24-byte pcap header");
  }

  @Test
  void skipsRtcpAndNonUdp() throws IOException {
    Path file = dir.resolve("mixed.pcap");
    byte[] rtcp = {(byte) 0x80, (byte) 200, 0, 6, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    try (PcapWriter w = PcapWriter.create(file)) {
      w.writeUdp(0, new byte[4], 1, new byte[4], 2, ByteBuffer.wrap(rtcp));
      w.writeUdp(0, new byte[4], 1, new byte[4], 2, ByteBuffer.wrap(rtp(7, 7, 7, false, new byte[3])));
    }
    try (PcapReader r = PcapReader.open(file)) {
      UdpRtpExtractor x = new UdpRtpExtractor(r);
      assertThat(x.next().header().sequence()).isEqualTo(7);
      assertThat(x.next()).isNull();
      assertThat(x.notRtp()).isEqualTo(1);
    }
  }
}
