package org.seamcache.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.seamcache.proxy.e2e.OriginServer;
import org.seamcache.proxy.e2e.RtpCapture;
import org.seamcache.proxy.e2e.RtspCapture;
import org.seamcache.proxy.e2e.Transport;
import org.seamcache.storage.ContentState;

/**
 * The origin's Cache-Control and ETag on DESCRIBE (RFC 2326 §12.8) govern the cached copy: an origin
 * that says {@code no-cache} is asked at every DESCRIBE whether the title changed (one DESCRIBE, no
 * session), an unchanged title is served from disk, a changed one is fetched again and its old copy
 * dropped, and under {@code must-revalidate} an unreachable origin means 504, not a stale copy.
 */
class CacheRevalidationTest {
  @RegisterExtension
  static OriginServer origin = OriginServer.builder().extraArgs("--cache-control", "no-cache, must-revalidate", "--etag", "\"v1\"").build();
  @RegisterExtension static RunningProxy proxy = RunningProxy.allowingLoopback();

  @Test
  void theOriginIsAskedWhetherTheTitleChangedAndItsAnswerDecides() throws Exception {
    RtpCapture first =
        RtspCapture.of(proxy.via(origin.vodVideoUri())).transport(Transport.TCP).seconds(21).timeout(Duration.ofSeconds(45)).capture();
    assertThat(first.run().succeeded()).as(first.describe()).isTrue();
    await().atMost(Duration.ofSeconds(15)).until(() -> proxy.server().recordedContents().stream()
        .anyMatch(c -> c.originUrl().endsWith("/vod-video") && c.state() == ContentState.COMPLETE));
    long upstreams = proxy.server().status().upstreamSessionsOpened();
    String uri = proxy.via(origin.vodVideoUri()).toString();

    try (RawRtsp raw = new RawRtsp(proxy.port())) {
      RawRtsp.Reply same = raw.request("DESCRIBE", uri, "CSeq: 1");
      assertThat(same.status()).as(same.toString()).isEqualTo(200);
      assertThat(same.body()).contains("m=video");
    }
    assertThat(proxy.server().scrapeMetrics()).contains("\nseamcache_cache_revalidated_unchanged_total 1.0\n");
    assertThat(describes()).as("the revalidation asked the origin once").isEqualTo(2);
    assertThat(origin.requestLog().stream().filter(l -> l.contains("SETUP")).count()).as("and opened no session").isEqualTo(1);
    assertThat(proxy.server().status().upstreamSessionsOpened()).isEqualTo(upstreams);
    var cache = proxy.server().status().cache();
    assertThat(cache.recent().get(cache.recent().size() - 1).kind()).isEqualTo(org.seamcache.proxy.cache.CacheDecision.Kind.REVALIDATED);
    assertThat(cache.titles()).singleElement().satisfies(t -> {
      assertThat(t.fresh()).as("no-cache: never fresh").isFalse();
      assertThat(t.maxAgeSource()).isEqualTo("origin no-cache");
      assertThat(t.lastRevalidation()).isEqualTo("unchanged (ETag \"v1\")");
      assertThat(t.lastRevalidationAtMillis()).isPositive();
      assertThat(t.servedFromCache()).isEqualTo(1);
    });

    origin.close();
    try (RawRtsp raw = new RawRtsp(proxy.port())) {
      RawRtsp.Reply down = raw.request("DESCRIBE", uri, "CSeq: 1");
      assertThat(down.status()).as("must-revalidate and the origin unreachable: %s", down).isEqualTo(504);
      assertThat(down.reason() + down.body()).contains("stale");
    }
    cache = proxy.server().status().cache();
    assertThat(cache.recent().get(cache.recent().size() - 1).kind()).isEqualTo(org.seamcache.proxy.cache.CacheDecision.Kind.GATEWAY_TIMEOUT);
    assertThat(cache.titles()).singleElement().satisfies(t -> assertThat(t.lastRevalidation()).startsWith("failed: "));

    origin.restartWith("--cache-control", "no-cache", "--etag", "\"v2\"");
    try (RawRtsp raw = new RawRtsp(proxy.port())) {
      RawRtsp.Reply changed = raw.request("DESCRIBE", uri, "CSeq: 1");
      assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
    }
    assertThat(proxy.server().scrapeMetrics()).contains("\nseamcache_cache_revalidated_changed_total 1.0\n");
    cache = proxy.server().status().cache();
    assertThat(cache.recent()).last().satisfies(d -> {
      assertThat(d.kind()).isEqualTo(org.seamcache.proxy.cache.CacheDecision.Kind.MISS);
      assertThat(d.reason()).contains("changed at the origin (ETag \"v1\" is now \"v2\")");
    });
    await().atMost(Duration.ofSeconds(10)).until(() -> proxy.server().recordedContents().stream()
        .noneMatch(c -> c.originUrl().endsWith("/vod-video") && c.state() == ContentState.COMPLETE));
  }

  private static long describes() {
    return origin.requestLog().stream().filter(l -> l.contains("DESCRIBE")).count();
  }
}
