package org.seamcache.proxy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Loss on the host loopback, scoped to one origin's RTP ports: that origin's UDP loses, nothing else does. */
class LoopbackLossTest {

  @RegisterExtension static OriginServer lossy = OriginServer.builder().build();
  @RegisterExtension static OriginServer clean = OriginServer.builder().build();
  @RegisterExtension static LoopbackLoss loss = LoopbackLoss.create();

  @Test
  void randomLossHitsOnlyTheMatchedOriginsUdp() throws Exception {
    loss.randomLoss(10, lossy.rtpPorts().udpSourceMatch());
    try {
      CompletableFuture<RtpCapture> other = RtspCapture.of(clean.vodUri()).transport(Transport.UDP).seconds(4).captureAsync();
      CompletableFuture<RtpCapture> tcp = RtspCapture.of(lossy.vodUri()).transport(Transport.TCP).seconds(4).captureAsync();
      RtpCapture udp = RtspCapture.of(lossy.vodUri()).transport(Transport.UDP).seconds(4).capture();

      assertThat(udp.run().succeeded()).as(udp.describe()).isTrue();
      assertThat(udp.losses()).hasSize(2);
      for (RtpCapture.TrackLoss l : udp.losses()) {
        // ~300 video and ~190 audio packets in 4 s: 10% within about 4 standard deviations.
        assertThat(l.lossPercent()).as(udp.describe()).isBetween(3.0, 20.0);
      }
      assertThat(tcp.get().losses()).hasSize(2).allSatisfy(l -> assertThat(l.lost()).isZero());
      assertThat(other.get().losses()).hasSize(2).allSatisfy(l -> assertThat(l.lost()).isZero());
      assertThat(loss.rules()).contains(lossy.rtpPorts().toString()).contains("drop");
    } finally {
      loss.clearLoss();
    }
    assertThat(tables()).doesNotContain(loss.tableName());
  }

  @Test
  void burstLossIsSeenByFfmpegAsMissedPackets() {
    loss.burstLoss(10, 3, lossy.rtpPorts().udpSourceMatch());
    try {
      FfmpegDecode d = Ffmpeg.of(lossy.vodUri()).transport(Transport.UDP).durationSeconds(4).decode();
      assertThat(d.run().timedOut()).as(d.describe()).isFalse();
      assertThat(d.missedRtpPackets()).as(d.describe()).isPositive();
      assertThat(tables()).contains(loss.tableName());
    } finally {
      loss.clearLoss();
    }
  }

  private static String tables() {
    return CommandRunner.run(List.of("nft", "list", "tables"), java.time.Duration.ofSeconds(10)).stdout();
  }
}
