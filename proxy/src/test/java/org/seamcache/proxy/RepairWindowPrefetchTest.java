package org.seamcache.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.time.LocalTime;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.seamcache.proxy.cache.CachePolicy;
import org.seamcache.proxy.cache.RepairWindow;
import org.seamcache.proxy.e2e.LoopbackLoss;
import org.seamcache.proxy.e2e.OriginServer;
import org.seamcache.proxy.e2e.RtpCapture;
import org.seamcache.proxy.e2e.RtspCapture;
import org.seamcache.proxy.e2e.Transport;
import org.seamcache.storage.ContentInfo;
import org.seamcache.storage.ContentState;

/**
 * Outside the repair window background work waits: a prefetch is scheduled for the window's
 * opening, and a lossy viewing's partial recording is not repaired yet. Meanwhile that partial copy
 * is served from disk: the next viewer gets the packets around its gaps, paced, with no upstream
 * session.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RepairWindowPrefetchTest {
  /** A window that opens two hours from now (and so is closed now, whatever the time of day). */
  static final RepairWindow LATER = new RepairWindow(LocalTime.now().plusHours(2).withSecond(0).withNano(0),
      LocalTime.now().plusHours(3).withSecond(0).withNano(0));

  @RegisterExtension static LoopbackLoss loss = LoopbackLoss.create();
  @RegisterExtension static OriginServer origin = OriginServer.builder().build();
  @RegisterExtension
  static RunningProxy proxy = RunningProxy.allowingLoopback().cache(CachePolicy.defaults().withRepairWindow(LATER));

  @Test
  @Order(1)
  void aPrefetchOutsideTheWindowWaitsForIt() throws Exception {
    String answer = proxy.server().prefetch(origin.vodUri().toString()).get(10, TimeUnit.SECONDS);
    assertThat(answer).contains("scheduled for the repair window " + LATER, "opens in 1");
    assertThat(origin.requestLog()).as("nothing asked of the origin").noneMatch(l -> l.contains("DESCRIBE"));
    assertThat(proxy.server().status().upstreamSessionsOpened()).isZero();
  }

  @Test
  @Order(2)
  void aPartialCopyWaitingForItsRepairIsServedWithItsGaps() throws Exception {
    URI via = proxy.via(origin.vodVideoUri());
    loss.randomLoss(10, origin.rtpPorts().udpSourceMatch());
    RtpCapture first = RtspCapture.of(via).transport(Transport.TCP).seconds(21).timeout(Duration.ofSeconds(45)).capture();
    assertThat(first.run().succeeded()).as(first.describe()).isTrue();
    loss.clearLoss();
    await().atMost(Duration.ofSeconds(15)).until(() -> proxy.server().recordedContents().stream()
        .anyMatch(c -> c.originUrl().endsWith("/vod-video") && c.state() == ContentState.PARTIAL));
    ContentInfo partial = proxy.server().recordedContents().stream().filter(c -> c.originUrl().endsWith("/vod-video")).findFirst()
        .orElseThrow();
    assertThat(partial.missing()).as("the lossy viewing left gaps").isPositive();
    assertThat(proxy.server().status().repairs()).as("no repair outside the window").isZero();

    origin.close();
    long upstreams = proxy.server().status().upstreamSessionsOpened();
    RtpCapture second = RtspCapture.of(via).transport(Transport.TCP).seconds(21).timeout(Duration.ofSeconds(45)).capture();
    assertThat(second.run().succeeded()).as(second.describe()).isTrue();
    assertThat(proxy.server().status().upstreamSessionsOpened()).isEqualTo(upstreams);
    var v = second.packets(0);
    // numbered by position: the copy's gaps show as missing sequence numbers, so the player knows
    assertThat(second.loss(0).lost()).as("the copy's gaps").isPositive().isLessThanOrEqualTo(partial.missing());
    assertThat(v.size()).as("what the copy holds").isGreaterThan(1000);
    double span = v.get(v.size() - 1).arrivalSeconds() - v.get(0).arrivalSeconds();
    assertThat(span).as("paced over the title, no stall at a gap").isBetween(18.0, 21.0);
  }
}
