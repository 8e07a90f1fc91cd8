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
import org.seamcache.proxy.cache.CacheDecision;
import org.seamcache.proxy.e2e.OriginServer;
import org.seamcache.proxy.e2e.RtpCapture;
import org.seamcache.proxy.e2e.RtspCapture;
import org.seamcache.proxy.e2e.Transport;
import org.seamcache.storage.ContentState;

/**
 * A title fetched with credentials whose origin said {@code Cache-Control: public} (RFC 2326 §12.8:
 * it may be cached and shared) is served from disk to viewers without those credentials too; the
 * origin, which asks everyone for credentials, is not asked.
 */
class PublicContentTest {
  @RegisterExtension
  static OriginServer origin =
      OriginServer.builder().extraArgs("--auth", "alice:s3cret", "--auth-method", "digest", "--cache-control", "public").build();

  @RegisterExtension
  static RunningProxy proxy = RunningProxy.allowingLoopback().route("alice-vod", () -> withUser(origin.vodVideoUri(), "alice:s3cret"));

  private static URI withUser(URI uri, String userInfo) {
    return URI.create(uri.toString().replace("rtsp://", "rtsp://" + userInfo + "@"));
  }

  @Test
  void aPublicTitleFetchedWithCredentialsIsServedToOtherViewers() throws Exception {
    RtpCapture first =
        RtspCapture.of(proxy.route("alice-vod")).transport(Transport.TCP).seconds(21).timeout(Duration.ofSeconds(45)).capture();
    assertThat(first.run().succeeded()).as(first.describe()).isTrue();
    await().atMost(Duration.ofSeconds(15)).until(() -> proxy.server().recordedContents().stream()
        .anyMatch(c -> c.originUrl().contains("/vod-video") && c.state() == ContentState.COMPLETE));
    assertThat(proxy.server().recordedContents()).allSatisfy(c -> assertThat(c.originUrl()).contains("#private="));

    long asked = describesAtOrigin();
    long upstreams = proxy.server().status().upstreamSessionsOpened();
    RtpCapture anyone =
        RtspCapture.of(proxy.via(origin.vodVideoUri())).transport(Transport.TCP).seconds(3).timeout(Duration.ofSeconds(30)).capture();
    assertThat(anyone.run().succeeded()).as(anyone.describe()).isTrue();
    assertThat(anyone.packets(0)).as("no credentials: served from disk").hasSizeGreaterThan(100);
    try (RawRtsp raw = new RawRtsp(proxy.port())) {
      assertThat(raw.request("DESCRIBE", proxy.via(withUser(origin.vodVideoUri(), "mallory:guess")).toString(), "CSeq: 1").status())
          .as("other credentials: served from disk too").isEqualTo(200);
    }
    assertThat(describesAtOrigin()).as("the origin was not asked").isEqualTo(asked);
    assertThat(proxy.server().status().upstreamSessionsOpened()).isEqualTo(upstreams);

    assertThat(proxy.server().status().cache().recent()).filteredOn(d -> d.kind() == CacheDecision.Kind.HIT).hasSize(2)
        .allSatisfy(d -> assertThat(d.reason()).startsWith("a copy fetched with other credentials, the origin said public"));
    String status = get("/status");
    assertThat(status).as(status).containsPattern("\"content\":\"rtsp://127\\.0\\.0\\.1:\\d+/vod-video\",\"state\":\"complete\".*"
        + "\"privacy\":\"public:[0-9a-f]{24}\",\"servedFromCache\":2\\}");
    assertThat(status).doesNotContain("s3cret");
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
