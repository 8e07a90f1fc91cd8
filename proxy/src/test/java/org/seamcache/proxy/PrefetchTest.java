package org.seamcache.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.seamcache.proxy.e2e.OriginServer;
import org.seamcache.proxy.e2e.RtpCapture;
import org.seamcache.proxy.e2e.RtspCapture;
import org.seamcache.proxy.e2e.Transport;
import org.seamcache.storage.ContentState;

/** An operator fetches a title into the cache before anyone asks; the first viewer is served from disk. */
@Order(1)
class PrefetchTest {
  @RegisterExtension static OriginServer origin = OriginServer.builder().build();
  @RegisterExtension static RunningProxy proxy = RunningProxy.allowingLoopback();

  private static HttpResponse<String> post(String query) throws Exception {
    URI admin = URI.create("http://127.0.0.1:" + proxy.server().adminAddress().getPort() + "/prefetch" + query);
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(admin).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aPrefetchedTitleIsServedFromDiskToItsFirstViewer() throws Exception {
    URI title = origin.vodVideoUri();
    URI via = proxy.via(title);
    HttpResponse<String> started = post("?url=" + URLEncoder.encode(title.toString(), StandardCharsets.UTF_8));
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    assertThat(started.body()).contains("prefetching").contains("20.0 s");
    assertThat(post("").statusCode()).isEqualTo(400);
    HttpResponse<String> live = post("?url=" + URLEncoder.encode(origin.liveUri().toString(), StandardCharsets.UTF_8));
    assertThat(live.statusCode()).as(live.body()).isEqualTo(400);
    assertThat(live.body()).contains("live content cannot be prefetched");

    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> proxy.server().recordedContents().stream()
        .anyMatch(c -> c.originUrl().endsWith("/vod-video") && c.state() == ContentState.COMPLETE));
    long sessions = proxy.server().status().upstreamSessionsOpened();
    origin.close();
    RtpCapture first = RtspCapture.of(via).transport(Transport.TCP).seconds(4).timeout(Duration.ofSeconds(30)).capture();
    assertThat(first.run().succeeded()).as(first.describe()).isTrue();
    assertThat(first.packets(0)).hasSizeGreaterThan(200);
    assertThat(first.loss(0).lost()).isZero();
    assertThat(proxy.server().status().upstreamSessionsOpened()).isEqualTo(sessions);
  }
}
