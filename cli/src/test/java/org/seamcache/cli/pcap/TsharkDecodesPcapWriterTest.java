package org.seamcache.cli.pcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real tshark must decode our output as RTP with the headers we wrote. */
class TsharkDecodesPcapWriterTest {

  @TempDir Path dir;

  @Test
  void tsharkSeesRtpWithOurFieldsAndNoChecksumComplaints() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/tshark")), "tshark is not installed");
    Path file = dir.resolve("t.pcap");
    try (PcapWriter w = PcapWriter.create(file)) {
      for (int i = 0; i < 5; i++) {
        byte[] p = PcapRoundTripTest.rtp(65534 + i, 90_000L * i, 0xCAFE0001L, i == 4, new byte[] {(byte) i, 9, 9});
        w.writeUdp(1_700_000_000_000_000_000L + i * 40_000_000L, new byte[] {127, 0, 0, 1}, 50002,
            new byte[] {127, 0, 0, 1}, 40000, ByteBuffer.wrap(p));
      }
    }
    List<String> lines = run("/usr/bin/tshark", "-r", file.toString(), "-o", "rtp.heuristic_rtp:TRUE",
        "-o", "ip.check_checksum:TRUE", "-Y", "rtp && !_ws.expert", "-T", "fields", "-e", "rtp.seq",
        "-e", "rtp.timestamp", "-e", "rtp.ssrc", "-e", "rtp.marker", "-e", "udp.srcport");
    assertThat(lines).containsExactly(
        "65534\t0\t0xcafe0001\t0\t50002",
        "65535\t90000\t0xcafe0001\t0\t50002",
        "0\t180000\t0xcafe0001\t0\t50002",
        "1\t270000\t0xcafe0001\t0\t50002",
        "2\t360000\t0xcafe0001\t1\t50002");
  }

  static List<String> run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
    return new String(out, StandardCharsets.UTF_8).lines().toList();
  }
}
