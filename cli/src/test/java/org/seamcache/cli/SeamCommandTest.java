package org.seamcache.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.seamcache.cli.pcap.CapturedRtpPacket;
import org.seamcache.cli.pcap.PcapReader;
import org.seamcache.cli.pcap.PcapWriter;
import org.seamcache.cli.pcap.UdpRtpExtractor;

class SeamCommandTest {

  @TempDir Path dir;

  /** Content: payloads of 1..300 bytes, one frame every 3 packets; repeated payloads sprinkled in. */
  static byte[][] content(Random rnd, int n) {
    byte[][] payloads = new byte[n][];
    for (int i = 0; i < n; i++) {
      if (i % 40 == 0) {
        payloads[i] = new byte[] {0x67, 0x42, 0x00, 0x1e}; // an SPS-like payload before every "GOP"
      } else {
        payloads[i] = new byte[1 + rnd.nextInt(300)];
        rnd.nextBytes(payloads[i]);
      }
    }
    return payloads;
  }

  static long tsOf(int i) {
    return i / 3 * 3000L;
  }

  /** Writes content [from, to) as one session: own SSRC, bases, ports; drops with probability {@code loss}. */
  static void writeSession(Path file, byte[][] payloads, int from, int to, long ssrc, int seqBase, long tsBase,
      double loss, Random rnd, int port) throws IOException {
    try (PcapWriter w = PcapWriter.create(file)) {
      for (int i = from; i < to; i++) {
        if (rnd.nextDouble() < loss) {
          continue;
        }
        w.writeUdp(1_700_000_000_000_000_000L + i * 1_000_000L, new byte[] {10, 0, 0, 1}, 50000,
            new byte[] {10, 0, 0, 2}, port, ByteBuffer.wrap(rtp(payloads[i], seqBase + i - from,
                tsBase + tsOf(i) - tsOf(from), ssrc, i % 3 == 2)));
      }
    }
  }

  static byte[] rtp(byte[] payload, int seq, long ts, long ssrc, boolean marker) {
    ByteBuffer b = ByteBuffer.allocate(12 + payload.length);
    b.put((byte) 0x80).put((byte) ((marker ? 0x80 : 0) | 96)).putShort((short) seq).putInt((int) ts)
        .putInt((int) ssrc).put(payload);
    return b.array();
  }

  CliRun run(String... args) {
    return CliRun.of(args);
  }

  static List<CapturedRtpPacket> read(Path file, List<byte[]> payloadsOut) throws IOException {
    List<CapturedRtpPacket> out = new ArrayList<>();
    try (PcapReader r = PcapReader.open(file)) {
      UdpRtpExtractor x = new UdpRtpExtractor(r);
      for (CapturedRtpPacket p = x.next(); p != null; p = x.next()) {
        out.add(p);
        byte[] payload = new byte[p.header().payloadLength()];
        r.bytesAt(p.payloadFileOffset(), payload.length).get(payload);
        payloadsOut.add(payload);
      }
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void seamsThreeLossyCapturesBackToTheUnionExactly(long seed) throws IOException {
    Random rnd = new Random(seed);
    int n = 3000;
    byte[][] payloads = content(rnd, n);
    // the first input starts at 500: the others extend the numbering backwards and forwards
    writeSession(dir.resolve("a.pcap"), payloads, 500, 2500, 0xAAAA0001L, 65000, 4_294_000_000L, 0.1, rnd, 40000);
    writeSession(dir.resolve("b.pcap"), payloads, 0, 2000, 0xBBBB0002L, 123, 77, 0.1, rnd, 40002);
    writeSession(dir.resolve("c.pcap"), payloads, 1000, 3000, 0xCCCC0003L, 40000, 1 << 31, 0.1, rnd, 40004);
    CliRun r = run("seam", "-o", dir.resolve("out.pcap").toString(), "--report", dir.resolve("r.json").toString(),
        dir.resolve("a.pcap").toString(), dir.resolve("b.pcap").toString(), dir.resolve("c.pcap").toString());
    assertThat(r.exit()).as(r.err()).isZero();

    List<byte[]> got = new ArrayList<>();
    List<CapturedRtpPacket> packets = read(dir.resolve("out.pcap"), got);
    // which content indices some input delivered
    boolean[] delivered = new boolean[n];
    for (String f : List.of("a.pcap", "b.pcap", "c.pcap")) {
      List<byte[]> ps = new ArrayList<>();
      for (CapturedRtpPacket p : read(dir.resolve(f), ps)) {
        int from = f.equals("a.pcap") ? 500 : f.equals("b.pcap") ? 0 : 1000;
        int base = f.equals("a.pcap") ? 65000 : f.equals("b.pcap") ? 123 : 40000;
        delivered[from + ((p.header().sequence() - base) & 0xFFFF)] = true;
      }
    }
    int expected = 0;
    for (boolean d : delivered) {
      expected += d ? 1 : 0;
    }
    assertThat(packets).hasSize(expected);
    int previous = -1;
    for (int k = 0; k < packets.size(); k++) {
      CapturedRtpPacket p = packets.get(k);
      assertThat(p.header().ssrc()).isEqualTo(0xAAAA0001L);
      assertThat(p.stream().dstPort()).isEqualTo(40000);
      int content = 500 + (int) ((p.header().sequence() - 65000 + (1 << 20)) % 65536); // first input's numbering
      if (content >= 3000) {
        content -= 65536; // before the first input's start: numbers below its first
      }
      assertThat(content).isGreaterThan(previous);
      previous = content;
      assertThat(delivered[content]).isTrue();
      assertThat(got.get(k)).as("payload at content %d", content).isEqualTo(payloads[content]);
      assertThat(p.header().timestamp()).isEqualTo((4_294_000_000L + tsOf(content) - tsOf(500)) & 0xFFFF_FFFFL);
      assertThat(p.header().marker()).isEqualTo(content % 3 == 2);
    }
    String json = Files.readString(dir.resolve("r.json"));
    assertThat(json).contains("\"aligned\": true, \"status\": \"REFERENCE\"").contains("\"status\": \"ALIGNED\"")
        .contains("\"packets\": " + expected).contains("\"seqOffset\": " + ((65000 - 500 - 123) & 0xFFFF));
  }

  @Test
  void foreignInputIsReportedAndContributesNothing() throws IOException {
    Random rnd = new Random(9);
    byte[][] payloads = content(rnd, 2000);
    byte[][] other = content(new Random(10), 2000);
    writeSession(dir.resolve("a.pcap"), payloads, 0, 2000, 1, 10, 10, 0.05, rnd, 40000);
    writeSession(dir.resolve("x.pcap"), other, 0, 2000, 2, 20, 20, 0.0, rnd, 40002);
    CliRun r = run("seam", "-o", dir.resolve("out.pcap").toString(), "--report", dir.resolve("r.json").toString(),
        dir.resolve("a.pcap").toString(), dir.resolve("x.pcap").toString());
    assertThat(r.exit()).isZero();
    String json = Files.readString(dir.resolve("r.json"));
    assertThat(json).contains("\"aligned\": false, \"status\": \"NOT_ALIGNABLE\"").contains("\"seqOffset\": null");
    List<byte[]> got = new ArrayList<>();
    read(dir.resolve("out.pcap"), got);
    for (byte[] g : got) {
      assertThat(Arrays.stream(other).noneMatch(o -> Arrays.equals(o, g) && o.length > 4)).isTrue();
    }
  }

  @Test
  void exitCodes() throws IOException {
    Random rnd = new Random(11);
    byte[][] payloads = content(rnd, 500);
    writeSession(dir.resolve("a.pcap"), payloads, 0, 500, 1, 10, 10, 0.0, rnd, 40000);
    String a = dir.resolve("a.pcap").toString();
    String out = dir.resolve("o.pcap").toString();
    assertThat(run("seam", a, a).exit()).as("no -o").isEqualTo(2);
    assertThat(run("seam", "-o", out, a).exit()).as("one input").isEqualTo(2);
    assertThat(run("seam", "-o", out, "--ssrc", "zz", a, a).exit()).isEqualTo(2);
    CliRun missing = run("seam", "-o", out, a, dir.resolve("nope.pcap").toString());
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.err()).contains("nope.pcap: no such file");
    byte[] whole = Files.readAllBytes(dir.resolve("a.pcap"));
    Files.write(dir.resolve("cut.pcap"), Arrays.copyOf(whole, whole.length - 7));
    CliRun cut = run("seam", "-o", out, a, dir.resolve("cut.pcap").toString());
    assertThat(cut.exit()).isEqualTo(1);
    assertThat(cut.err()).contains("cut.pcap: truncated");
    Files.write(dir.resolve("ng.pcap"), new byte[] {0x0A, 0x0D, 0x0D, 0x0A, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
    CliRun ng = run("seam", "-o", out, dir.resolve("ng.pcap").toString(), a);
    assertThat(ng.exit()).isEqualTo(1);
    assertThat(ng.err()).contains("ng.pcap: this is pcapng");
    CliRun help = run("seam", "--help");
    assertThat(help.exit()).isZero();
    assertThat(help.out()).contains("Exit codes:").contains("--report");
    CliRun ok = run("seam", "-o", out, a, a);
    assertThat(ok.exit()).isZero();
    assertThat(Files.size(Path.of(out))).isGreaterThan(24);
  }

  @Test
  void picksTheStreamWithMostPacketsOrTheOneAskedFor() throws IOException {
    Random rnd = new Random(12);
    byte[][] video = content(rnd, 600);
    byte[][] audio = content(rnd, 300);
    Path mixed = dir.resolve("mixed.pcap");
    try (PcapWriter w = PcapWriter.create(mixed)) {
      for (int i = 0; i < 600; i++) {
        w.writeUdp(i * 1_000_000L, new byte[] {1, 1, 1, 1}, 5000, new byte[] {2, 2, 2, 2}, 6000,
            ByteBuffer.wrap(rtp(video[i], i, tsOf(i), 0x11, false)));
        if (i < 300) {
          w.writeUdp(i * 1_000_000L, new byte[] {1, 1, 1, 1}, 5002, new byte[] {2, 2, 2, 2}, 6002,
              ByteBuffer.wrap(rtp(audio[i], i, i * 1024L, 0x22, false)));
        }
      }
    }
    String m = mixed.toString();
    CliRun r = run("seam", "-o", dir.resolve("v.pcap").toString(), "--report", dir.resolve("v.json").toString(), m, m);
    assertThat(r.exit()).isZero();
    assertThat(r.err()).contains("2 RTP streams; using ssrc=0x00000011");
    assertThat(Files.readString(dir.resolve("v.json"), StandardCharsets.UTF_8)).contains("most packets of 2 candidates");
    CliRun a = run("seam", "-o", dir.resolve("a.pcap").toString(), "--udp-port", "6002", m, m);
    assertThat(a.exit()).isZero();
    List<byte[]> got = new ArrayList<>();
    assertThat(read(dir.resolve("a.pcap"), got)).hasSize(300).allMatch(p -> p.header().ssrc() == 0x22);
    CliRun s = run("seam", "-o", dir.resolve("s.pcap").toString(), "--ssrc", "0x22", m, m);
    assertThat(s.exit()).isZero();
  }
}
