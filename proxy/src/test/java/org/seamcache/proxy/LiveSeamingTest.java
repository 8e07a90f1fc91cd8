package org.seamcache.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.seamcache.proxy.admin.ProxyStatus;
import org.seamcache.proxy.e2e.LoopbackLoss;
import org.seamcache.proxy.e2e.OriginServer;
import org.seamcache.proxy.e2e.RtpCapture;
import org.seamcache.proxy.e2e.RtpCapture.CapturedPacket;
import org.seamcache.proxy.e2e.RtspCapture;
import org.seamcache.proxy.e2e.Transport;
import org.seamcache.proxy.seam.SeamSettings;

/**
 * 5% random loss on every UDP packet the origin sends (real nftables drops on loopback): the proxy
 * opens extra legs to the shared live mount and seams them, so a viewer over TCP (which sees only
 * what the proxy sends) loses far less than any one leg. A direct lossless TCP capture of the same
 * mount is the ground truth: every packet the viewer got carries, at its sequence number, the very
 * payload the origin sent there (nothing misplaced).
 */
@Order(1)
class LiveSeamingTest {
  @RegisterExtension static LoopbackLoss loss = LoopbackLoss.create();
  @RegisterExtension static OriginServer origin = OriginServer.builder().sharedLive().build();

  @RegisterExtension
  static RunningProxy proxy =
      RunningProxy.allowingLoopback().seaming(SeamSettings.defaults().withOpen(0.01, 2).withMaxLegs(3));

  @Test
  void extraLegsCutTheViewersLossAndPlaceEveryPacketRight() throws Exception {
    loss.randomLoss(5, origin.rtpPorts().udpSourceMatch());
    CompletableFuture<RtpCapture> direct =
        RtspCapture.of(origin.liveUri()).transport(Transport.TCP).seconds(24).timeout(Duration.ofSeconds(50)).captureAsync();
    origin.awaitRequests("PLAY", 1, Duration.ofSeconds(15));
    RtpCapture viewer =
        RtspCapture.of(proxy.via(origin.liveUri())).transport(Transport.TCP).seconds(20).timeout(Duration.ofSeconds(50)).capture();
    ProxyStatus status = proxy.server().status();
    RtpCapture truth = direct.get();
    assertThat(viewer.run().succeeded()).as(viewer.describe()).isTrue();
    assertThat(truth.run().succeeded()).as(truth.describe()).isTrue();
    assertThat(truth.loss(0).lost()).as("the direct capture is over TCP: lossless").isZero();

    assertThat(status.legsOpened()).as(status.toJson()).isGreaterThanOrEqualTo(1);
    ProxyStatus.Live live = status.live().get(0);
    assertThat(live.seaming().legs()).as(status.toJson()).hasSizeGreaterThanOrEqualTo(2);
    assertThat(live.seaming().fills()).as(status.toJson()).isPositive();

    // Nothing misplaced: the viewer's numbering is the shared mount's, so compare position by position.
    Map<Integer, CapturedPacket> bySeq =
        truth.packets(0).stream().collect(Collectors.toMap(CapturedPacket::seq, Function.identity(), (a, b) -> a));
    int compared = 0;
    for (CapturedPacket p : viewer.packets(0)) {
      CapturedPacket same = bySeq.get(p.seq());
      if (same == null) {
        continue; // outside the direct capture's span
      }
      compared++;
      assertThat(p.payloadSha1()).as("payload at seq %d", p.seq()).isEqualTo(same.payloadSha1());
      assertThat(p.rtpTime()).as("timestamp at seq %d", p.seq()).isEqualTo(same.rtpTime());
    }
    assertThat(compared).isGreaterThan(1000);

    // Residual loss over the last 8 s, when the legs are open: far below the 5% of one leg.
    ResidualLoss r = ResidualLoss.of(viewer, 8, status);
    System.out.printf("live seaming at 5%% loss: legs lost %.2f%%, viewer lost %.3f%% over the last 8 s (%d of %d), %d legs%n",
        r.legLossPercent(), r.percent(), r.missing(), r.expected(), live.seaming().legs().size());
    assertThat(r.legLossPercent()).as(status.toJson()).isGreaterThan(2.0);
    assertThat(r.percent()).as(status.toJson()).isLessThan(1.5);
  }
}
