package org.seamcache.cli.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.seamcache.cli.pcap.CapturedRtpPacket;
import org.seamcache.cli.pcap.PcapReader;
import org.seamcache.cli.pcap.PcapWriter;
import org.seamcache.cli.pcap.UdpDatagram;
import org.seamcache.cli.pcap.UdpRtpExtractor;
import org.seamcache.seamer.MalformedPacketException;
import org.seamcache.seamer.RtpHeader;

/**
 * A capture file as {@code seamcache seam} reads it (pcap records, link layers, IPv4/IPv6, UDP, RTP): any file is
 * read to its end or refused with an {@link IOException} (PcapFormatException), in as many steps as it has records;
 * the RTP packets found, written again with {@link PcapWriter}, read back the same. Seed corpus: a few records of a
 * real capture and hand-made link types in {@code test-data/fuzz/cli}.
 */
class PcapFuzzTest {
  private static Path dir;

  @BeforeAll
  static void makeDir() throws IOException {
    dir = Files.createTempDirectory("pcap-fuzz");
  }

  @AfterAll
  static void removeDir() throws IOException {
    try (var files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.delete(f);
      }
    }
    Files.delete(dir);
  }

  @FuzzTest
  void read(byte[] input) throws IOException {
    Path in = dir.resolve("in.pcap");
    Files.write(in, input);
    List<CapturedRtpPacket> packets = new ArrayList<>();
    List<byte[]> bytes = new ArrayList<>();
    try (PcapReader reader = PcapReader.open(in)) {
      UdpRtpExtractor rtp = new UdpRtpExtractor(reader);
      // Each record takes at least its 16-byte header, so more packets than that means the reader went in circles.
      for (CapturedRtpPacket p; (p = rtp.next()) != null; ) {
        assertThat(packets.size()).as("packets from %d bytes", input.length).isLessThan(input.length / 16 + 1);
        packets.add(p);
        byte[] b = new byte[p.rtpLength()];
        reader.bytesAt(p.rtpFileOffset(), p.rtpLength()).get(b);
        assertThat(parse(b)).isEqualTo(p.header());
        bytes.add(b);
      }
    } catch (IOException refused) {
      return;
    }
    Path out = dir.resolve("out.pcap");
    try (PcapWriter w = PcapWriter.create(out)) {
      for (int i = 0; i < packets.size(); i++) {
        CapturedRtpPacket p = packets.get(i);
        w.writeUdp(0, UdpDatagram.ipBytes(p.stream().srcIp()), p.stream().srcPort(), UdpDatagram.ipBytes(p.stream().dstIp()),
            p.stream().dstPort(), ByteBuffer.wrap(bytes.get(i)));
      }
    }
    try (PcapReader reader = PcapReader.open(out)) {
      UdpRtpExtractor rtp = new UdpRtpExtractor(reader);
      for (CapturedRtpPacket original : packets) {
        CapturedRtpPacket again = rtp.next();
        assertThat(again).isNotNull();
        assertThat(again.header()).isEqualTo(original.header());
        assertThat(again.stream()).isEqualTo(original.stream());
      }
      assertThat(rtp.next()).isNull();
    }
  }

  private static RtpHeader parse(byte[] rtp) {
    try {
      return RtpHeader.parse(ByteBuffer.wrap(rtp));
    } catch (MalformedPacketException e) {
      throw new AssertionError("an RTP packet the extractor accepted does not parse alone", e);
    }
  }
}
