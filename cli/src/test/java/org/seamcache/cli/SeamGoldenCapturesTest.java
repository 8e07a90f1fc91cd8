package org.seamcache.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.seamcache.cli.pcap.CapturedRtpPacket;
import org.seamcache.cli.pcap.PcapReader;
import org.seamcache.cli.pcap.UdpRtpExtractor;

/**
 * Golden test on real captures (test-data/captures: three sessions of the harness origin's
 * /vod-video, one starting at npt 2): copies made lossy by dropping 20% of each capture's packets
 * (seeded) are seamed, and the result must be the complete seam restricted to the positions some
 * lossy copy still had (all of them but lead-in packets, see below): same sequence numbers,
 * timestamps, markers and payload bytes, nothing else.
 */
class SeamGoldenCapturesTest {

  static final Path CAPTURES = Path.of("..", "test-data", "captures");
  static final List<String> NAMES = List.of("vod-video-a.pcap", "vod-video-b.pcap", "vod-video-c.pcap");

  @TempDir static Path dir;
  static Map<Integer, byte[]> complete; // output seq -> RTP packet bytes (header + payload)
  static int[] seqOffsets = new int[NAMES.size()];

  record Packet(int seq, byte[] bytes) {}

  @BeforeAll
  static void seamTheCompleteCaptures() throws IOException {
    Path out = dir.resolve("complete.pcap");
    Path report = dir.resolve("complete.json");
    int exit = SeamcacheCommand.newCommandLine().execute("seam", "-o", out.toString(), "--report", report.toString(),
        CAPTURES.resolve(NAMES.get(0)).toString(), CAPTURES.resolve(NAMES.get(1)).toString(),
        CAPTURES.resolve(NAMES.get(2)).toString());
    assertThat(exit).isZero();
    complete = bySeq(out);
    Matcher m = Pattern.compile("\"seqOffset\": (\\d+)").matcher(Files.readString(report));
    for (int i = 0; i < NAMES.size(); i++) {
      assertThat(m.find()).as("input %d aligned", i).isTrue();
      seqOffsets[i] = Integer.parseInt(m.group(1));
    }
    assertThat(Files.readString(report)).contains("\"missing\": 0");
    assertThat(complete.size()).isGreaterThan(400);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
  void lossyCopiesSeamBackToEverythingTheyStillHold(long seed) throws IOException {
    Random rnd = new Random(seed);
    Set<Integer> stillHeld = new HashSet<>();
    Set<Integer> mustHave = new HashSet<>();
    String[] args = new String[3 + NAMES.size()];
    args[0] = "seam";
    args[1] = "-o";
    args[2] = dir.resolve("lossy-out-" + seed + ".pcap").toString();
    for (int i = 0; i < NAMES.size(); i++) {
      Path lossy = dir.resolve("lossy-" + seed + "-" + NAMES.get(i));
      // Lead-in rule: an input's packets before its first one an earlier input also holds, inside the
      // span the earlier inputs cover, may be skipped (after a seek the origin repeats SPS/PPS, so the
      // first packets of input c do not correspond); they must be exact if present.
      Set<Integer> earlier = new HashSet<>(stillHeld);
      int lo = earlier.stream().mapToInt(SeamGoldenCapturesTest::unwrap).min().orElse(0);
      int hi = earlier.stream().mapToInt(SeamGoldenCapturesTest::unwrap).max().orElse(0);
      boolean matched = i == 0;
      for (Packet kept : dropRecords(CAPTURES.resolve(NAMES.get(i)), lossy, rnd, 0.2)) {
        int position = (kept.seq() + seqOffsets[i]) & 0xFFFF;
        matched |= earlier.contains(position)
            && Arrays.equals(payload(complete.get(position)), payload(kept.bytes())); // a match, not a divergence
        stillHeld.add(position);
        if (matched || unwrap(position) <= lo || unwrap(position) >= hi) {
          mustHave.add(position);
        }
      }
      args[3 + i] = lossy.toString();
    }
    assertThat(SeamcacheCommand.newCommandLine().execute(args)).isZero();
    Map<Integer, byte[]> seamed = bySeq(Path.of(args[2]));
    assertThat(stillHeld).containsAll(seamed.keySet());
    assertThat(seamed.keySet()).containsAll(mustHave);
    for (Map.Entry<Integer, byte[]> e : seamed.entrySet()) {
      assertThat(e.getValue()).as("RTP packet at seq %d", e.getKey()).isEqualTo(complete.get(e.getKey()));
    }
  }

  /** Output sequence numbers as a line: the captures are short, so only a wrap at 65535 needs undoing. */
  static int unwrap(int seq) {
    return complete.keySet().stream().anyMatch(k -> k > 60000) && seq < 5000 ? seq + 65536 : seq;
  }

  /** Copies {@code in} to {@code out} record by record, dropping RTP packets with probability {@code loss}; returns kept RTP seqs. */
  static List<Packet> dropRecords(Path in, Path out, Random rnd, double loss) throws IOException {
    byte[] bytes = Files.readAllBytes(in);
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN); // tshark writes little-endian here
    assertThat(b.getInt(0)).isEqualTo(0xA1B2C3D4);
    ByteBuffer kept = ByteBuffer.allocate(bytes.length);
    kept.put(bytes, 0, 24);
    List<Packet> keptPackets = new java.util.ArrayList<>();
    Map<Integer, Packet> rtpAtRecordStart = rtpByRecordOffset(in);
    int p = 24;
    while (p < bytes.length) {
      int len = 16 + b.getInt(p + 8);
      Packet rtp = rtpAtRecordStart.get(p);
      if (rtp == null || rnd.nextDouble() >= loss) {
        kept.put(bytes, p, len);
        if (rtp != null) {
          keptPackets.add(rtp);
        }
      }
      p += len;
    }
    Files.write(out, java.util.Arrays.copyOf(kept.array(), kept.position()));
    return keptPackets;
  }

  /** Record start offset -> the RTP packet in it, for records that hold RTP. */
  static Map<Integer, Packet> rtpByRecordOffset(Path file) throws IOException {
    Map<Integer, Packet> out = new HashMap<>();
    try (PcapReader r = PcapReader.open(file)) {
      UdpRtpExtractor x = new UdpRtpExtractor(r);
      for (CapturedRtpPacket pk = x.next(); pk != null; pk = x.next()) {
        byte[] bytes = new byte[pk.rtpLength()];
        r.bytesAt(pk.rtpFileOffset(), bytes.length).get(bytes);
        out.put((int) (r.packetOffset() - 16), new Packet(pk.header().sequence(), bytes));
      }
    }
    return out;
  }

  /** The payload of an RTP packet without CSRCs or extension (what these captures carry). */
  static byte[] payload(byte[] rtp) {
    return rtp == null ? null : Arrays.copyOfRange(rtp, 12, rtp.length);
  }

  static Map<Integer, byte[]> bySeq(Path file) throws IOException {
    Map<Integer, byte[]> out = new HashMap<>();
    try (PcapReader r = PcapReader.open(file)) {
      UdpRtpExtractor x = new UdpRtpExtractor(r);
      for (CapturedRtpPacket pk = x.next(); pk != null; pk = x.next()) {
        byte[] bytes = new byte[pk.rtpLength()];
        r.bytesAt(pk.rtpFileOffset(), bytes.length).get(bytes);
        assertThat(out.put(pk.header().sequence(), bytes)).as("seq %d twice", pk.header().sequence()).isNull();
      }
    }
    return out;
  }
}
