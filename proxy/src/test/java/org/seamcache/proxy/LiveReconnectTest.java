package org.seamcache.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.seamcache.proxy.e2e.OriginServer;
import org.seamcache.proxy.e2e.RtpCapture;
import org.seamcache.proxy.e2e.RtspCapture;
import org.seamcache.proxy.e2e.Transport;

/** The origin of a live stream crashes and comes back: the proxy reconnects and the viewer keeps playing. */
class LiveReconnectTest {
  @RegisterExtension static OriginServer origin = OriginServer.builder().build();
  @RegisterExtension static RunningProxy proxy = RunningProxy.allowingLoopback();

  @Test
  void aViewerKeepsReceivingAcrossAnOriginCrash() throws Exception {
    CompletableFuture<RtpCapture> viewer =
        RtspCapture.of(proxy.via(origin.liveUri())).transport(Transport.TCP).seconds(12).timeout(Duration.ofSeconds(40)).captureAsync();
    await().atMost(Duration.ofSeconds(15)).until(() -> proxy.server().status().packetsIn() > 50);

    origin.crashAndRestart();

    RtpCapture seen = viewer.get();
    assertThat(proxy.server().status().reconnects()).isEqualTo(1);
    // Two origin pipelines, one after the other: two SSRCs, each for a second or more (~40 packets/s).
    var bySsrc = seen.packets(0).stream().collect(Collectors.groupingBy(RtpCapture.CapturedPacket::ssrc, Collectors.counting()));
    assertThat(bySsrc).as(seen.describe()).hasSize(2);
    List<Long> counts = List.copyOf(bySsrc.values());
    assertThat(counts).allSatisfy(n -> assertThat(n).isGreaterThan(40));
    double worstGap = 0;
    List<RtpCapture.CapturedPacket> video = seen.packets(0);
    for (int i = 1; i < video.size(); i++) {
      worstGap = Math.max(worstGap, video.get(i).arrivalSeconds() - video.get(i - 1).arrivalSeconds());
    }
    System.out.printf("longest pause the viewer saw across the origin crash: %.2f s%n", worstGap);
    assertThat(worstGap).as("the outage as the viewer saw it, s").isLessThan(4.0);
  }
}
