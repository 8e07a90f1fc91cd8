package org.seamcache.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.seamcache.proxy.e2e.LoopbackLoss;
import org.seamcache.proxy.e2e.OriginServer;
import org.seamcache.proxy.e2e.RtpCapture;
import org.seamcache.proxy.e2e.RtspCapture;
import org.seamcache.proxy.e2e.Transport;
import org.seamcache.proxy.seam.SeamSettings;
import org.seamcache.storage.ContentInfo;
import org.seamcache.storage.ContentState;

/**
 * A viewer who arrives while a repair run is recording into a title's partial copy is served that
 * copy from disk, as it stood before the repair began: no upstream session of its own (the origin
 * sees only the repair's legs), and {@code /status} shows the decision.
 */
class ServeDuringRepairTest {
  @RegisterExtension static LoopbackLoss loss = LoopbackLoss.create();
  @RegisterExtension static OriginServer origin = OriginServer.builder().build();
  // one leg: the lossy viewing keeps its gaps, so the repair has seconds of media to fetch
  @RegisterExtension static RunningProxy proxy = RunningProxy.allowingLoopback().seaming(SeamSettings.defaults().withMaxLegs(1));

  @Test
  void aViewerDuringTheRepairIsServedFromDiskWithNoSessionAtTheOrigin() throws Exception {
    URI via = proxy.via(origin.vodVideoUri());
    loss.randomLoss(10, origin.rtpPorts().udpSourceMatch());
    RtpCapture first = RtspCapture.of(via).transport(Transport.TCP).seconds(21).timeout(Duration.ofSeconds(45)).capture();
    assertThat(first.run().succeeded()).as(first.describe()).isTrue();
    loss.clearLoss();

    // the repair's run is writing into the copy (the first run has ended: a repair started)
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> proxy.server().status().repairs() > 0
        && title().map(c -> c.state() == ContentState.RECORDING).orElse(false));
    long describes = describesAtOrigin();
    long ranges = proxy.server().status().repairRanges();

    RtpCapture during = RtspCapture.of(via).transport(Transport.TCP).seconds(6).timeout(Duration.ofSeconds(30)).capture();
    assertThat(during.run().succeeded()).as(during.describe()).isTrue();
    assertThat(during.packets(0)).as("frames from disk").hasSizeGreaterThan(200);

    String status = get("/status");
    assertThat(status).as(status).containsPattern(
        "\"viewer\":\"127\\.0\\.0\\.1:\\d+\",\"decision\":\"HIT\",\"reason\":\"partial copy \\(\\d+ missing\\), its repair goes on; "
            + "a repair is recording into it: served as sealed before; fresh");

    // the repair ends; every DESCRIBE the origin saw since the viewer came was one of its ranges
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
        .until(() -> title().map(c -> c.state() != ContentState.RECORDING).orElse(false) && !proxy.server().status().recordings().stream()
            .anyMatch(r -> r.running()));
    await().atMost(Duration.ofSeconds(30)).until(() -> describesAtOrigin() - describes == proxy.server().status().repairRanges() - ranges);
    assertThat(describesAtOrigin() - describes).as("DESCRIBEs at the origin: the repair's ranges only\n%s", origin.log())
        .isEqualTo(proxy.server().status().repairRanges() - ranges);
    String after = get("/status");
    assertThat(after).as(after).containsPattern("\"content\":\"rtsp://127\\.0\\.0\\.1:\\d+/vod-video\",\"state\":\"(complete|partial)\","
        + "\"missing\":\\d+,\"freshness\":\"fresh\",\"ageSeconds\":\\d+,\"maxAgeSeconds\":null,\"maxAgeSource\":\"none\","
        + "\"lastRevalidation\":null,\"privacy\":\"public\",\"servedFromCache\":1\\}");
  }

  private static java.util.Optional<ContentInfo> title() {
    return proxy.server().recordedContents().stream().filter(c -> c.originUrl().endsWith("/vod-video")).findFirst();
  }

  private static long describesAtOrigin() {
    return origin.requestLog().stream().filter(l -> l.contains("DESCRIBE")).count();
  }

  private static String get(String path) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + proxy.server().adminAddress().getPort() + path);
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }
}
