package org.seamcache.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
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
 * A route with a seaming policy of its own (a camera that allows one session: max-legs 1) never
 * gets an extra leg, though its loss is above the threshold that opens them for every other content.
 */
class RouteSeamingTest {
  @RegisterExtension static LoopbackLoss loss = LoopbackLoss.create();
  @RegisterExtension static OriginServer origin = OriginServer.builder().sharedLive().build();

  @RegisterExtension
  static RunningProxy proxy = RunningProxy.allowingLoopback()
      .seaming(SeamSettings.defaults().withOpen(0.01, 2).withMaxLegs(3))
      .route("single", origin::liveUri)
      .routeSeaming("single", SeamSettings.defaults().withOpen(0.01, 2).withMaxLegs(1));

  @Test
  void aRouteLimitedToOneLegStaysAtOneUnderLoss() {
    loss.randomLoss(5, origin.rtpPorts().udpSourceMatch());
    RtpCapture viewer = RtspCapture.of(proxy.route("single")).transport(Transport.TCP).seconds(8).timeout(Duration.ofSeconds(40)).capture();
    assertThat(viewer.run().succeeded()).as(viewer.describe()).isTrue();
    ProxyStatus status = proxy.server().status();
    assertThat(status.live()).as(status.toJson()).hasSize(1);
    var seaming = status.live().get(0).seaming();
    assertThat(seaming.legs()).as(status.toJson()).hasSize(1);
    assertThat(status.legsOpened()).as(status.toJson()).isZero();
    assertThat(seaming.lastDecision()).as("the loss asked for a leg; the route's maximum said no: %s", status.toJson())
        .contains("not opening: at the maximum of 1");
  }
}
