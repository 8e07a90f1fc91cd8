package org.seamcache.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.seamcache.proxy.e2e.OriginServer;
import org.seamcache.storage.ContentInfo;

/**
 * Trick play never poisons the cache (the seed's Figure 5): a viewer's PLAY with {@code Scale} is
 * passed to the origin and the origin's answer to the viewer, the viewing is relayed but not
 * recorded, and the whole title is fetched for the cache by a leg of its own. The test origin
 * (gst-rtsp-server) answers a Scale with {@code Scale: 1.000} and {@code Speed}: what it chose.
 */
class TrickPlayTest {
  @RegisterExtension static OriginServer origin = OriginServer.builder().build();
  @RegisterExtension static RunningProxy proxy = RunningProxy.allowingLoopback();

  @Test
  void aScaledViewingIsRelayedNotRecordedAndTheTitleIsFetchedForTheCache() throws Exception {
    String vod = proxy.via(origin.vodVideoUri()).toString();
    try (RawRtsp c = new RawRtsp(proxy.port())) {
      assertThat(c.request("DESCRIBE", vod, "CSeq: 1").status()).isEqualTo(200);
      RawRtsp.Reply setup = c.request("SETUP", vod + "/stream=0", "CSeq: 2", "Transport: RTP/AVP/TCP;unicast;interleaved=0-1");
      assertThat(setup.status()).as(setup.toString()).isEqualTo(200);
      String session = setup.header("Session").split(";")[0];
      assertThat(c.request("PLAY", vod, "CSeq: 3", "Session: " + session, "Scale: abc").status())
          .as("a Scale that is no number").isEqualTo(400);
      RawRtsp.Reply play = c.request("PLAY", vod, "CSeq: 4", "Session: " + session, "Scale: 2.0", "Range: npt=0-");
      assertThat(play.status()).as(play.toString()).isEqualTo(200);
      assertThat(play.header("Scale")).as("the origin's choice, passed on").isEqualTo("1.000");
      assertThat(c.countFrames(0, 2000)).as("the viewing is relayed").isGreaterThan(20);
      assertThat(origin.requestLog()).anyMatch(l -> l.contains("PLAY") && l.contains("Scale=2.000"));
    }
    assertThat(proxy.server().scrapeMetrics()).contains("\nseamcache_trick_plays_total 1.0\n");
    // the whole title is fetched by a leg of its own, and that leg is the only one recorded
    await().atMost(Duration.ofSeconds(15)).until(() -> origin.requestLog().stream().filter(l -> l.contains("PLAY")).count() >= 2);
    assertThat(origin.requestLog().stream().filter(l -> l.contains("PLAY")).reduce((a, b) -> b).orElseThrow())
        .as("the fetch for the cache plays at the normal rate").doesNotContain("Scale=");
    await().atMost(Duration.ofSeconds(15)).until(() -> proxy.server().recordedContents().stream()
        .anyMatch(ci -> ci.originUrl().endsWith("/vod-video")));
    ContentInfo recorded = proxy.server().recordedContents().stream().filter(ci -> ci.originUrl().endsWith("/vod-video")).findFirst()
        .orElseThrow();
    // once the fetch has run a few seconds, the queue holds its packets and no other leg's
    await().atMost(Duration.ofSeconds(20)).until(() -> legsRecorded(recorded.id()).values().stream().mapToLong(Long::longValue).sum() > 300);
    assertThat(legsRecorded(recorded.id())).as("packets per recorded leg: only the fetch's").hasSize(1);
  }

  /** RTP packets per leg the content's queue holds so far (read beside the running writer). */
  private static java.util.Map<Integer, Long> legsRecorded(String id) {
    java.util.Map<Integer, Long> legs = new java.util.TreeMap<>();
    try (org.seamcache.storage.RecordingReader r = org.seamcache.storage.DataDirectory.open(proxy.dataDir()).openReader(id)) {
      while (r.next()) {
        if (r.kind() == org.seamcache.storage.PacketKind.RTP) {
          legs.merge(r.leg(), 1L, Long::sum);
        }
      }
    } catch (RuntimeException e) {
      // a queue file being rolled: the next poll reads it again
    }
    return legs;
  }
}
