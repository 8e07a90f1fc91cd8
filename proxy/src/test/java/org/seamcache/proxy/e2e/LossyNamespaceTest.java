package org.seamcache.proxy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Real UDP loss from nftables in a private namespace; origin and clients run inside it. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LossyNamespaceTest {

  @RegisterExtension @Order(1) static LossyNamespace net = LossyNamespace.create();

  @RegisterExtension @Order(2)
  static OriginServer origin = OriginServer.builder().inNamespace(net).build();

  @Test
  @Order(1)
  void tenPercentRandomLossHitsUdpButNeverTcp() throws Exception {
    net.randomLoss(10, origin.rtpPorts().udpSourceMatch());
    try {
      CompletableFuture<RtpCapture> tcp =
          RtspCapture.of(origin.vodUri()).transport(Transport.TCP).seconds(5).inNamespace(net).captureAsync();
      RtpCapture udp = RtspCapture.of(origin.vodUri()).transport(Transport.UDP).seconds(5).inNamespace(net).capture();

      assertThat(udp.run().succeeded()).as(udp.describe()).isTrue();
      for (RtpCapture.TrackLoss loss : udp.losses()) {
        // ~600 packets per track in 5 s; 10% +- 4 standard deviations.
        assertThat(loss.lossPercent()).as(udp.describe()).isBetween(4.0, 18.0);
      }
      assertThat(udp.losses()).hasSize(2);
      RtpCapture reliable = tcp.get();
      assertThat(reliable.run().succeeded()).as(reliable.describe()).isTrue();
      assertThat(reliable.losses()).hasSize(2).allSatisfy(l -> assertThat(l.lost()).isZero());
      assertThat(net.rules()).contains(origin.rtpPorts().udpSourceMatch()).contains("drop");
    } finally {
      net.clearLoss();
    }
  }

  @Test
  @Order(2)
  void ffmpegReportsBurstLossAsMissedPackets() {
    // Gilbert bursts: 10% long-run, mean burst 3; ~500 packets in 4 s make a loss-free run ~impossible.
    net.burstLoss(10, 3, origin.rtpPorts().udpSourceMatch());
    try {
      FfmpegDecode d = Ffmpeg.of(origin.vodUri()).transport(Transport.UDP).durationSeconds(4).inNamespace(net).decode();
      assertThat(d.run().timedOut()).as(d.describe()).isFalse();
      assertThat(d.missedRtpPackets()).as(d.describe()).isPositive();
      assertThat(d.spotless()).isFalse();
      assertThat(d.videoFrames()).as(d.describe()).isPositive();
      assertThat(net.rules()).contains("@bad");
    } finally {
      net.clearLoss();
    }
  }

  @Test
  @Order(3)
  void withoutRulesNothingIsLost() {
    RtpCapture c = RtspCapture.of(origin.vodUri()).transport(Transport.UDP).seconds(2).inNamespace(net).capture();
    assertThat(c.run().succeeded()).as(c.describe()).isTrue();
    assertThat(c.losses()).hasSize(2).allSatisfy(l -> assertThat(l.lost()).isZero());
    assertThat(c.packets()).hasSizeGreaterThan(100);
  }

  @Test
  @Order(4)
  void namespacesAreUniqueAndDeletedOnClose() {
    LossyNamespace other = LossyNamespace.create();
    assertThat(other.name()).isNotEqualTo(net.name()).startsWith("h_e2e" + ProcessHandle.current().pid() + "_");
    other.up();
    try {
      assertThat(netnsList()).contains(other.name());
      // Its own loopback, up, and reachable only from inside.
      CommandResult lo = other.exec(List.of("ip", "-o", "link", "show", "lo"), Duration.ofSeconds(10));
      assertThat(lo.stdout()).contains("UP");
    } finally {
      other.close();
    }
    assertThat(netnsList()).doesNotContain(other.name() + " ").doesNotContain(other.name() + "\n");
  }

  private static String netnsList() {
    return CommandRunner.run(List.of("ip", "netns", "list"), Duration.ofSeconds(10)).stdout() + "\n";
  }
}
