package org.seamcache.proxy.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parsers of client output, on text captured from the real tools (no processes started). */
class HarnessOutputParsingTest {

  private static CommandResult ran(int exit, String stdout, String stderr) {
    return new CommandResult(List.of("tool"), exit, false, stdout, stderr, Duration.ofMillis(1));
  }

  @Test
  void ffprobeCsvGivesCountsPerStream() {
    StreamCounts c = new StreamCounts(ran(0, "video,75\naudio,141\n", ""), StreamCounts.parseCsv("video,75\naudio,141\n"));
    assertThat(c.video()).isEqualTo(75);
    assertThat(c.audio()).isEqualTo(141);
    assertThat(c.count("subtitle")).isZero();
    // A stream ffprobe could not count prints N/A: no entry rather than a wrong number.
    assertThat(StreamCounts.parseCsv("video,N/A\n")).isEmpty();
  }

  @Test
  void framemd5GivesFramesPtsAndLevelsPerStream() {
    String out =
        String.join(
            "\n",
            "#format: frame checksums",
            "#tb 0: 1/25",
            "#media_type 0: video",
            "#codec_id 0: rawvideo",
            "#tb 1: 1/48000",
            "#media_type 1: audio",
            "0,        250,        250,        1,   345600, 26c499fc50cf14ade47bc8aab0333cd7",
            "1,     480000,     480000,      256,      512, 37a7b253cbaaf96d90327a36758c42de",
            "0,        251,        251,        1,   345600, faa810aade5cb0ace21f0b6b5af3685a",
            "");
    String err =
        String.join(
            "\n",
            "[rtsp @ 0x55e2bf7a09c0] [warning] RTP: missed 2 packets",
            "[rtsp @ 0x55e2bf7a09c0] [warning] RTP: missed 12 packets",
            "[warning] rtsp://127.0.0.1:1/live: corrupt decoded frame in stream 0",
            "[h264 @ 0x55eca4f77580] [error] error while decoding MB 38 17",
            "");
    FfmpegDecode d = FfmpegDecode.parse(ran(0, out, err));
    assertThat(d.videoFrames()).isEqualTo(2);
    assertThat(d.audioFrames()).isEqualTo(1);
    assertThat(d.firstVideoPtsSeconds()).hasValue(10.0);
    assertThat(d.audio().orElseThrow().firstPtsSeconds()).hasValue(10.0);
    assertThat(d.video().orElseThrow().md5s()).containsExactly("26c499fc50cf14ade47bc8aab0333cd7", "faa810aade5cb0ace21f0b6b5af3685a");
    assertThat(d.missedRtpPackets()).isEqualTo(14);
    assertThat(d.corruptFrames()).isEqualTo(1);
    assertThat(d.errorLines()).containsExactly("[h264 @ 0x55eca4f77580] [error] error while decoding MB 38 17");
    assertThat(d.clean()).isFalse();
  }

  @Test
  void ffmpegWithWarningsOnlyIsCleanButNotSpotless() {
    FfmpegDecode d = FfmpegDecode.parse(ran(0, "", "[rtsp @ 0x1] [warning] max delay reached. need to consume packet\n"));
    assertThat(d.clean()).isTrue();
    assertThat(d.spotless()).isFalse();
    assertThat(d.video()).isEmpty();
    assertThat(d.firstVideoPtsSeconds()).isEmpty();
  }

  @Test
  void untaggedFfmpegOutputCountsAsAnError() {
    FfmpegDecode d = FfmpegDecode.parse(ran(1, "", "Connection refused\n"));
    assertThat(d.errorLines()).containsExactly("Connection refused");
    assertThat(d.clean()).isFalse();
  }

  @Test
  void gstLaunchCountsSinkBuffersAndSeesEos() {
    String out =
        String.join(
            "\n",
            "/GstPipeline:pipeline0/GstFakeSink:sink: last-message = event   ******* (sink:sink) E (type: stream-start (10254), )",
            "/GstPipeline:pipeline0/GstFakeSink:sink: last-message = chain   ******* (sink:sink) (345600 bytes, dts: none, pts: 0:00:00.003871929)",
            "/GstPipeline:pipeline0/GstFakeSink:sink: last-message = chain   ******* (sink:sink) (345600 bytes, dts: none, pts: 0:00:00.043871929)",
            "Got EOS from element \"pipeline0\".",
            "");
    GstDecode d = GstDecode.parse(ran(0, out, ""));
    assertThat(d.framesDecoded()).isEqualTo(2);
    assertThat(d.reachedEos()).isTrue();
    assertThat(d.succeeded()).isTrue();

    GstDecode failed =
        GstDecode.parse(ran(1, "", "ERROR: from element /GstPipeline:pipeline0/GstRTSPSrc:rtspsrc0: Could not open resource for reading and writing.\n"));
    assertThat(failed.succeeded()).isFalse();
    assertThat(failed.errorLines()).hasSize(1);
  }

  @Test
  void gstLaunchThatFailedOnlyOnTheWayOutIsToldApart() {
    String frames =
        String.join(
            "\n",
            "/GstPipeline:pipeline0/GstFakeSink:sink: last-message = chain   ******* (sink:sink) (345600 bytes, dts: none, pts: 0:00:00.003871929)",
            "/GstPipeline:pipeline0/GstFakeSink:sink: last-message = chain   ******* (sink:sink) (345600 bytes, dts: none, pts: 0:00:00.043871929)",
            "Got EOS from element \"pipeline0\".",
            "");
    String wayOut = "ERROR: from element /GstPipeline:pipeline0/GstRTSPSrc:rtspsrc0: Could not write to resource.\n";
    assertThat(GstDecode.parse(ran(1, frames, wayOut + wayOut)).failedOnlyOnTheWayOut(2)).isTrue();
    assertThat(GstDecode.parse(ran(1, frames, wayOut)).failedOnlyOnTheWayOut(3)).as("a frame short").isFalse();
    assertThat(GstDecode.parse(ran(0, frames, "")).failedOnlyOnTheWayOut(2)).as("a clean run").isFalse();
    String other = "ERROR: from element /GstPipeline:pipeline0/GstRTSPSrc:rtspsrc0: Could not read from resource.\n";
    assertThat(GstDecode.parse(ran(1, frames, wayOut + other)).failedOnlyOnTheWayOut(2)).as("another error too").isFalse();
    String noEos = frames.replace("Got EOS from element \"pipeline0\".", "");
    assertThat(GstDecode.parse(ran(1, noEos, wayOut)).failedOnlyOnTheWayOut(2)).as("no EOS").isFalse();

    int[] viewings = {0};
    GstDecode second = GstDecode.judged(() -> viewings[0]++ == 0 ? GstDecode.parse(ran(1, frames, wayOut)) : GstDecode.parse(ran(0, frames, "")), 2, "t");
    assertThat(viewings[0]).as("viewed again once").isEqualTo(2);
    assertThat(second.succeeded()).isTrue();
    GstDecode broken = GstDecode.judged(() -> GstDecode.parse(ran(1, "", other)), 2, "t");
    assertThat(broken.succeeded()).as("any other failure counts as it is").isFalse();
  }

  @Test
  void rtspCaptureTsvAndLossSummary() {
    String tsv =
        "0\t0.0003\t5036\t1653183615\t792FEE30\t0\t96\t2\te1810882c786108ff7544b4b218631fd3ac46553\t0910\n"
            + "1\t0.0507\t65535\t4294967295\tE85DEF80\t1\t97\t4\t7f4e64f60527715f38b21d7814e9a094754dbff2\t68ce\n";
    String stderr = "<<< RTSP/1.0 200 OK\nreceived 2 RTP packets in 4.0s; track0: 349/352 lost 3 (0.85%); track1: 10/10 lost 0 (0.00%)\n";
    RtpCapture c = RtpCapture.parse(ran(0, "", stderr), tsv);
    assertThat(c.packets()).hasSize(2);
    RtpCapture.CapturedPacket video = c.packets(0).get(0);
    assertThat(video.seq()).isEqualTo(5036);
    assertThat(video.rtpTime()).isEqualTo(1653183615L);
    assertThat(video.ssrc()).isEqualTo(0x792FEE30L);
    assertThat(video.marker()).isFalse();
    assertThat(video.head()).isEqualTo("0910");
    RtpCapture.CapturedPacket audio = c.packets(1).get(0);
    assertThat(audio.seq()).isEqualTo(65535);
    assertThat(audio.rtpTime()).isEqualTo(4294967295L);
    assertThat(audio.ssrc()).isEqualTo(0xE85DEF80L);
    assertThat(audio.marker()).isTrue();
    assertThat(c.loss(0)).isEqualTo(new RtpCapture.TrackLoss(0, 349, 352, 3));
    assertThat(c.loss(0).lossPercent()).isCloseTo(0.852, org.assertj.core.data.Offset.offset(0.001));
    assertThat(c.loss(1).lost()).isZero();
    assertThatThrownBy(() -> c.loss(2)).hasMessageContaining("no loss summary for track 2");
  }

  @Test
  void malformedTsvLineIsRejectedWithTheLine() {
    assertThatThrownBy(() -> RtpCapture.CapturedPacket.parseTsv("0\t1\t2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs 10 fields, has 3");
  }

  @Test
  void portRangesFormatForOriginAndNftables() {
    PortRange r = new PortRange(20100, 20199);
    assertThat(r).hasToString("20100-20199");
    assertThat(r.size()).isEqualTo(100);
    assertThat(r.udpSourceMatch()).isEqualTo("udp sport 20100-20199");
    assertThat(r.udpDestinationMatch()).isEqualTo("udp dport 20100-20199");
    assertThat(r.overlaps(new PortRange(20199, 20300))).isTrue();
    assertThat(r.overlaps(new PortRange(20200, 20300))).isFalse();
    assertThatThrownBy(() -> new PortRange(5, 4)).hasMessageContaining("first <= last");
  }

  @Test
  void reservedUdpRangesNeverOverlapUntilReleased() {
    PortRange a = LoopbackPorts.reserveUdpRange(100);
    PortRange b = LoopbackPorts.reserveUdpRange(250);
    try {
      assertThat(a.size()).isEqualTo(100);
      assertThat(b.size()).isEqualTo(300);
      assertThat(a.overlaps(b)).isFalse();
      assertThat(a.first()).isBetween(LoopbackPorts.UDP_FIRST, LoopbackPorts.UDP_END_EXCLUSIVE - 100);
    } finally {
      LoopbackPorts.release(a);
      LoopbackPorts.release(b);
    }
  }

  @Test
  void aBlockLockedByAnotherProcessIsSkipped() throws Exception {
    PortRange probe = LoopbackPorts.reserveUdpRange(100);
    LoopbackPorts.release(probe);
    // Another JVM's reservation, played by a process holding the same kind of lock (fcntl) on the block's file.
    Path lockFile = Path.of(System.getProperty("java.io.tmpdir"), "seamcache-e2e-ports", "udp-" + probe.first() + ".lock");
    String holdLock =
        "import fcntl, sys, time\n"
            + "f = open(sys.argv[1], 'w'); fcntl.lockf(f, fcntl.LOCK_EX); print('locked', flush=True); time.sleep(60)";
    Process holder = new ProcessBuilder(OriginPrerequisites.PYTHON, "-c", holdLock, lockFile.toString()).start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
      assertThat(out.readLine()).isEqualTo("locked");
      List<PortRange> got = new ArrayList<>();
      try {
        for (int i = 0; i < 3; i++) {
          // Searching from the locked block: it would be handed out first, were it not locked.
          got.add(LoopbackPorts.reserveUdpRangeFrom(probe.first(), 100));
        }
        assertThat(got).noneMatch(r -> r.overlaps(probe));
      } finally {
        got.forEach(LoopbackPorts::release);
      }
    } finally {
      holder.destroyForcibly().waitFor();
    }
    // Once the other holder is gone, the block is available again.
    PortRange again = LoopbackPorts.reserveUdpRangeFrom(probe.first(), 100);
    LoopbackPorts.release(again);
    assertThat(again).isEqualTo(probe);
  }
}
