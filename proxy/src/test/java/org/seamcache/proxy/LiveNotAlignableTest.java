package org.seamcache.proxy;

import static org.assertj.core.api.Assertions.assertThat;

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
 * A live mount that encodes each session separately (not shared): an extra leg's payloads never
 * match the first leg's, so it is found not alignable, closed, and no further leg is opened; the
 * viewer gets the first leg's packets only, nothing from the other encode.
 */
class LiveNotAlignableTest {
  @RegisterExtension static LoopbackLoss loss = LoopbackLoss.create();
  @RegisterExtension static OriginServer origin = OriginServer.builder().build();

  @RegisterExtension
  static RunningProxy proxy = RunningProxy.allowingLoopback().seaming(
      SeamSettings.defaults().withOpen(0.01, 1).withAlignTimeout(Duration.ofSeconds(3)));

  @Test
  void aLegOfASeparateEncodeIsClosedAsNotAlignable() {
    loss.randomLoss(5, origin.rtpPorts().udpSourceMatch());
    RtpCapture viewer =
        RtspCapture.of(proxy.via(origin.liveUri())).transport(Transport.TCP).seconds(14).timeout(Duration.ofSeconds(40)).capture();
    ProxyStatus status = proxy.server().status();
    assertThat(viewer.run().succeeded()).as(viewer.describe()).isTrue();
    assertThat(status.legsNotAlignable()).as(status.toJson()).isEqualTo(1);
    assertThat(status.legsOpened()).as(status.toJson()).isEqualTo(1);
    ProxyStatus.Live live = status.live().get(0);
    assertThat(live.seaming().notAlignable()).isTrue();
    assertThat(live.seaming().legs()).as(status.toJson()).hasSize(1);
    assertThat(live.seaming().fills()).as("nothing came from the other encode").isZero();
    assertThat(viewer.packets(0)).hasSizeGreaterThan(600);
    assertThat(viewer.packets(0).stream().map(RtpCapture.CapturedPacket::ssrc).collect(Collectors.toSet())).hasSize(1);
  }
}
