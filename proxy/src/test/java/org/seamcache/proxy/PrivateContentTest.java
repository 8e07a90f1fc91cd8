package org.seamcache.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.seamcache.proxy.e2e.OriginServer;
import org.seamcache.proxy.e2e.RtpCapture;
import org.seamcache.proxy.e2e.RtspCapture;
import org.seamcache.proxy.e2e.Transport;
import org.seamcache.storage.ContentState;

/**
 * Content fetched with credentials is private to them (RFC 2326 §12.8, a shared cache): a viewer
 * without them, or with others, never joins the live stream or gets the recording; the origin
 * decides (here: 401). A viewer with the same credentials shares the stream and is served from disk.
 */
class PrivateContentTest {
  @RegisterExtension
  static OriginServer origin = OriginServer.builder().extraArgs("--auth", "alice:s3cret", "--auth-method", "digest").build();

  @RegisterExtension
  static RunningProxy proxy =
      RunningProxy.allowingLoopback()
          .route("alice-live", () -> withUser(origin.liveUri(), "alice:s3cret"))
          .route("alice-vod", () -> withUser(origin.vodVideoUri(), "alice:s3cret"));

  private static URI withUser(URI uri, String userInfo) {
    return URI.create(uri.toString().replace("rtsp://", "rtsp://" + userInfo + "@"));
  }

  @Test
  void aLiveStreamOpenedWithCredentialsIsSharedOnlyWithTheSameCredentials() throws Exception {
    CompletableFuture<RtpCapture> alice =
        RtspCapture.of(proxy.route("alice-live")).transport(Transport.TCP).seconds(8).timeout(Duration.ofSeconds(30)).captureAsync();
    await().atMost(Duration.ofSeconds(15)).until(() -> proxy.server().status().live().stream().anyMatch(l -> l.viewers() > 0));
    long upstreams = proxy.server().status().upstreamSessionsOpened();
    try (RawRtsp raw = new RawRtsp(proxy.port())) {
      // a 401 can only come from the origin (gst-rtsp-server logs only requests that pass its check)
      assertThat(raw.request("DESCRIBE", proxy.via(origin.liveUri()).toString(), "CSeq: 1").status())
          .as("no credentials: the origin is asked, and refuses").isEqualTo(401);
      assertThat(raw.request("DESCRIBE", proxy.via(withUser(origin.liveUri(), "mallory:guess")).toString(), "CSeq: 2").status())
          .as("other credentials: the origin is asked, and refuses").isEqualTo(401);
      long asked = describesAtOrigin();
      assertThat(raw.request("DESCRIBE", proxy.route("alice-live").toString(), "CSeq: 3").status())
          .as("the same credentials share the running stream").isEqualTo(200);
      assertThat(describesAtOrigin()).as("shared: the origin is not asked").isEqualTo(asked);
    }
    assertThat(proxy.server().status().upstreamSessionsOpened()).isEqualTo(upstreams);
    RtpCapture a = alice.get();
    assertThat(a.run().succeeded()).as(a.describe()).isTrue();
  }

  @Test
  void aTitleFetchedWithCredentialsIsServedFromDiskOnlyToTheSameCredentials() throws Exception {
    RtpCapture first =
        RtspCapture.of(proxy.route("alice-vod")).transport(Transport.TCP).seconds(21).timeout(Duration.ofSeconds(45)).capture();
    assertThat(first.run().succeeded()).as(first.describe()).isTrue();
    await().atMost(Duration.ofSeconds(15)).until(() -> proxy.server().recordedContents().stream()
        .anyMatch(c -> c.originUrl().contains("/vod-video") && c.state() == ContentState.COMPLETE));
    assertThat(proxy.server().recordedContents()).allSatisfy(c -> assertThat(c.originUrl()).doesNotContain("s3cret"));

    long upstreams = proxy.server().status().upstreamSessionsOpened();
    try (RawRtsp raw = new RawRtsp(proxy.port())) {
      assertThat(raw.request("DESCRIBE", proxy.via(origin.vodVideoUri()).toString(), "CSeq: 1").status())
          .as("no credentials: not from disk; the origin refuses").isEqualTo(401);
      assertThat(raw.request("DESCRIBE", proxy.via(origin.vodVideoUri()).toString(), "CSeq: 2", "Cache-Control: only-if-cached").status())
          .as("nothing cached for a viewer without credentials").isEqualTo(504);
    }
    assertThat(proxy.server().status().upstreamSessionsOpened()).isEqualTo(upstreams);
    assertThat(proxy.server().status().cache().recent()).extracting(d -> d.kind())
        .as("the private copy refused, then nothing cached for these credentials")
        .containsSubsequence(org.seamcache.proxy.cache.CacheDecision.Kind.PRIVATE_REFUSED, org.seamcache.proxy.cache.CacheDecision.Kind.GATEWAY_TIMEOUT);

    long asked = describesAtOrigin();
    RtpCapture again =
        RtspCapture.of(proxy.route("alice-vod")).transport(Transport.TCP).seconds(3).timeout(Duration.ofSeconds(30)).capture();
    assertThat(again.run().succeeded()).as(again.describe()).isTrue();
    assertThat(again.packets(0)).hasSizeGreaterThan(100);
    assertThat(proxy.server().status().upstreamSessionsOpened()).as("the same credentials: served from disk").isEqualTo(upstreams);
    assertThat(describesAtOrigin()).as("not even a DESCRIBE went to the origin").isEqualTo(asked);
  }

  private static long describesAtOrigin() {
    return origin.requestLog().stream().filter(l -> l.contains("DESCRIBE")).count();
  }
}
