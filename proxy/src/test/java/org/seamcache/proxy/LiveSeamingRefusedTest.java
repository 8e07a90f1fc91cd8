package org.seamcache.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.seamcache.proxy.admin.ProxyStatus;
import org.seamcache.proxy.e2e.LoopbackLoss;
import org.seamcache.proxy.e2e.OriginServer;
import org.seamcache.proxy.e2e.RtpCapture;
import org.seamcache.proxy.e2e.RtspCapture;
import org.seamcache.proxy.e2e.Transport;
import org.seamcache.proxy.seam.SeamSettings;

/**
 * An origin that takes one session at a time (as many cameras do) under 5% loss: the proxy's extra
 * leg is refused, it backs off instead of retrying, and the viewer keeps playing from the one leg.
 */
class LiveSeamingRefusedTest {
  @RegisterExtension static LoopbackLoss loss = LoopbackLoss.create();
  @RegisterExtension static OriginServer origin = OriginServer.builder().sharedLive().extraArgs("--max-sessions", "1").build();

  @RegisterExtension
  static RunningProxy proxy = RunningProxy.allowingLoopback().seaming(
      SeamSettings.defaults().withOpen(0.01, 1).withBackoff(Duration.ofSeconds(30), Duration.ofMinutes(5)));

  @Test
  void aRefusedExtraLegBacksOffAndTheViewerKeepsPlaying() {
    loss.randomLoss(5, origin.rtpPorts().udpSourceMatch());
    RtpCapture viewer =
        RtspCapture.of(proxy.via(origin.liveUri())).transport(Transport.TCP).seconds(12).timeout(Duration.ofSeconds(40)).capture();
    ProxyStatus status = proxy.server().status();
    assertThat(viewer.run().succeeded()).as(viewer.describe()).isTrue();
    assertThat(status.legRefusals()).as(status.toJson()).isEqualTo(1); // one try, then 30 s of backoff
    assertThat(status.legsOpened()).as(status.toJson()).isEqualTo(1);
    assertThat(status.live().get(0).seaming().legs()).as(status.toJson()).hasSize(1);
    assertThat(status.live().get(0).seaming().lastDecision()).contains("refused");
    // The viewer played throughout from the one leg, in one numbering.
    assertThat(viewer.packets(0)).hasSizeGreaterThan(600);
    assertThat(viewer.packets(0).stream().map(RtpCapture.CapturedPacket::ssrc).collect(Collectors.toSet())).hasSize(1);
    assertThat(origin.requestLog().stream().filter(l -> l.contains("SETUP")).count()).as("%s", origin.requestLog()).isLessThanOrEqualTo(3);
  }
}
