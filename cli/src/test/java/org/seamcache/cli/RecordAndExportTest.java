package org.seamcache.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.seamcache.cli.pcap.PcapReader;
import org.seamcache.cli.pcap.CapturedRtpPacket;
import org.seamcache.cli.pcap.UdpRtpExtractor;
import org.seamcache.proxy.RunningProxy;
import org.seamcache.proxy.e2e.Ffmpeg;
import org.seamcache.proxy.e2e.FfmpegDecode;
import org.seamcache.proxy.e2e.OriginServer;
import org.seamcache.proxy.e2e.RtpCapture;
import org.seamcache.proxy.e2e.RtspCapture;
import org.seamcache.proxy.e2e.Transport;

/**
 * The recording, end to end: play the VOD through the proxy, then {@code seamcache ls}, {@code
 * verify} and {@code export} hand back exactly the payloads the origin sends (compared with a
 * direct capture of another session of the same content).
 */
class RecordAndExportTest {
  @RegisterExtension static OriginServer origin = OriginServer.builder().build();
  @RegisterExtension static RunningProxy proxy = RunningProxy.allowingLoopback();

  @Test
  void exportedPayloadsAreExactlyWhatTheOriginSent(@TempDir Path tmp) throws Exception {
    FfmpegDecode played = Ffmpeg.of(proxy.via(origin.vodVideoUri())).transport(Transport.TCP).durationSeconds(6).timeout(Duration.ofSeconds(40)).decode();
    assertThat(played.clean()).as(played.describe()).isTrue();
    RtpCapture direct = RtspCapture.of(origin.vodVideoUri()).seconds(8).timeout(Duration.ofSeconds(40)).capture();

    // The leg ends with the viewer; the writer then seams it and writes its state: complete if the
    // 6 s covered the whole title without a gap, else partial (never recording or incomplete).
    await().atMost(Duration.ofSeconds(15)).until(() -> run("ls", "--json", "--data-dir", proxy.dataDir().toString()).out
        .matches("(?s).*\"state\":\"(complete|partial)\".*"));
    String ls = run("ls", "--json", "--data-dir", proxy.dataDir().toString()).out;
    String id = ls.replaceAll("(?s).*\"id\"\\s*:\\s*\"([0-9a-f]+)\".*", "$1");
    assertThat(run("verify", id, "--data-dir", proxy.dataDir().toString()).code).isZero();

    Path pcap = tmp.resolve("track0.pcap");
    Result export = run("export", id, "--track", "0", "-o", pcap.toString(), "--data-dir", proxy.dataDir().toString());
    assertThat(export.code).as(export.err).isZero();
    List<String> exported = payloadSha1s(pcap);
    List<String> sent = direct.packets(0).stream().map(RtpCapture.CapturedPacket::payloadSha1).toList();

    // Both sessions start at npt 0 of the same file: the same payloads in the same order.
    assertThat(exported).hasSizeGreaterThan(100);
    int n = Math.min(exported.size(), sent.size());
    assertThat(exported.subList(0, n)).isEqualTo(sent.subList(0, n));
  }

  private static List<String> payloadSha1s(Path pcap) throws Exception {
    List<String> out = new ArrayList<>();
    MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
    try (PcapReader r = PcapReader.open(pcap)) {
      UdpRtpExtractor rtp = new UdpRtpExtractor(r);
      for (CapturedRtpPacket p; (p = rtp.next()) != null; ) {
        sha1.update(r.bytesAt(p.payloadFileOffset(), p.header().payloadLength()));
        out.add(HexFormat.of().formatHex(sha1.digest()));
      }
    }
    return out;
  }

  private record Result(int code, String out, String err) {}

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cl = SeamcacheCommand.newCommandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Result(code, out.toString(), err.toString());
  }
}
