package org.seamcache.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.seamcache.proxy.admin.ProxyStatus;
import org.seamcache.proxy.e2e.LoopbackLoss;
import org.seamcache.proxy.e2e.OriginServer;
import org.seamcache.proxy.e2e.RtpCapture;
import org.seamcache.proxy.e2e.RtpPayloadComparison;
import org.seamcache.proxy.e2e.RtspCapture;
import org.seamcache.proxy.e2e.Transport;
import org.seamcache.proxy.seam.SeamSettings;

/**
 * Stored content at 10% random loss on the origin's UDP: the viewer's own leg is lossy, extra legs
 * start ahead of its position and fill its gaps, so the first viewing already loses far less than
 * one leg does. A direct lossless capture of the same title shows every packet the viewer got at
 * its place (one sequence and timestamp offset for all of them).
 */
@Order(1)
class StoredSeamingTest {
  @RegisterExtension static LoopbackLoss loss = LoopbackLoss.create();
  @RegisterExtension static OriginServer origin = OriginServer.builder().build();

  @RegisterExtension
  static RunningProxy proxy = RunningProxy.allowingLoopback().seaming(SeamSettings.defaults().withOpen(0.01, 1).withMaxLegs(3));

  @Test
  void extraLegsFillAViewersGapsOnStoredContent() throws Exception {
    loss.randomLoss(10, origin.rtpPorts().udpSourceMatch());
    CompletableFuture<RtpCapture> direct = RtspCapture.of(origin.vodVideoUri()).transport(Transport.TCP).seconds(18).captureAsync();
    CompletableFuture<RtpCapture> watching =
        RtspCapture.of(proxy.via(origin.vodVideoUri())).transport(Transport.TCP).seconds(16).timeout(Duration.ofSeconds(40)).captureAsync();
    // the legs' own loss, read while they play (they close with the viewer's session)
    await().atMost(Duration.ofSeconds(30)).until(() -> proxy.server().status().legs().size() >= 2
        && proxy.server().status().legs().stream().mapToLong(ProxyStatus.Leg::expected).sum() > 1500);
    ProxyStatus status = proxy.server().status();
    // operators see the viewing's hub: its legs, why each was opened, how it aligned
    await().atMost(Duration.ofSeconds(10)).until(() -> proxy.server().status().storedViewings().stream()
        .anyMatch(v -> v.seaming().legs().size() >= 2 && v.seaming().legs().stream().anyMatch(l -> l.role().equals("extra"))));
    assertThat(proxy.server().status().toJson()).contains("\"storedViewings\":[{\"content\":\"stored ");
    RtpCapture viewer = watching.get();
    RtpCapture truth = direct.get();
    assertThat(viewer.run().succeeded()).as(viewer.describe()).isTrue();
    assertThat(truth.loss(0).lost()).isZero();
    assertThat(status.legsOpened()).as(status.toJson()).isGreaterThanOrEqualTo(1);

    RtpPayloadComparison cmp = RtpPayloadComparison.compare(truth, viewer, 0);
    assertThat(cmp.foundInA()).as("every payload the viewer got is the title's: %s", cmp).isEqualTo(cmp.packetsB());
    assertThat(cmp.singleOffsets()).as("and at its place: %s", cmp).isTrue();

    var video = viewer.packets(0);
    ResidualLoss r = ResidualLoss.of(viewer, 8, status);
    long all = ((video.get(video.size() - 1).seq() - video.get(0).seq()) & 0xFFFF) + 1;
    int longestRun = 0;
    for (int i = 1; i < video.size(); i++) {
      longestRun = Math.max(longestRun, ((video.get(i).seq() - video.get(i - 1).seq()) & 0xFFFF) - 1);
    }
    System.out.printf("stored seaming at 10%% loss: legs lost %.2f%%, viewer lost %.3f%% over the last 8 s (%d of %d), "
        + "%d of %d over the whole viewing, longest run of missing packets %d%n",
        r.legLossPercent(), r.percent(), r.missing(), r.expected(), all - video.size(), all, longestRun);
    assertThat(r.legLossPercent()).as(status.toJson()).isGreaterThan(4.0);
    assertThat(r.percent()).as(status.toJson()).isLessThan(3.0);
    assertThat(longestRun).as("extra legs start ahead of the viewer; the output must not jump to them").isLessThan(10);
  }
}
