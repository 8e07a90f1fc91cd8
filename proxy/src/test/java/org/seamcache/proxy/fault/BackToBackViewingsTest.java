package org.seamcache.proxy.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.seamcache.proxy.RawRtsp;
import org.seamcache.proxy.RunningProxy;
import org.seamcache.proxy.e2e.OriginServer;
import org.seamcache.storage.ContentInfo;
import org.seamcache.storage.ContentState;
import org.seamcache.storage.LegSummary;

/**
 * A viewer who arrives just as the last one left (its recording still being sealed) is recorded
 * too: the new run waits for the old one to be sealed instead of being refused as "already being
 * recorded".
 */
class BackToBackViewingsTest {
  private static final int VIEWINGS = 3;

  @RegisterExtension static OriginServer origin = OriginServer.builder().build();
  @RegisterExtension static RunningProxy proxy = RunningProxy.allowingLoopback();

  @Test
  void everyViewingIsRecordedEvenWhenTheNextViewerArrivesAsTheLastLeaves() throws Exception {
    String live = proxy.via(origin.liveUri()).toString();
    for (int i = 0; i < VIEWINGS; i++) {
      assertThat(watch(live)).as("frames relayed to viewer %d", i).isPositive();
      // The next viewer comes the moment the upstream is gone, while its recording is being sealed.
      await().pollInterval(Duration.ofMillis(5)).atMost(Duration.ofSeconds(10))
          .until(() -> proxy.server().status().live().isEmpty());
    }

    await().atMost(Duration.ofSeconds(20)).until(() -> proxy.server().status().recordings().isEmpty()
        && proxy.server().recordedContents().stream().noneMatch(c -> c.state() == ContentState.RECORDING));
    assertThat(proxy.server().scrapeMetrics()).contains("\nseamcache_recordings_failed 0.0\n");
    ContentInfo content = proxy.server().recordedContents().stream()
        .filter(c -> c.originUrl().endsWith("/live")).findFirst().orElseThrow();
    Set<Integer> legsWithPackets = content.legSummaries().stream()
        .filter(l -> l.packets() > 0).map(LegSummary::leg).collect(Collectors.toSet());
    assertThat(legsWithPackets).as("one recorded leg per viewing: %s", content).hasSize(VIEWINGS);
  }

  /** One viewer over interleaved TCP for a second; the frames it got. */
  private static int watch(String url) throws Exception {
    try (RawRtsp viewer = new RawRtsp(proxy.port())) {
      assertThat(viewer.request("DESCRIBE", url, "CSeq: 1").status()).isEqualTo(200);
      RawRtsp.Reply setup = viewer.request("SETUP", url + "/stream=0", "CSeq: 2", "Transport: RTP/AVP/TCP;unicast;interleaved=0-1");
      assertThat(setup.status()).isEqualTo(200);
      String session = "Session: " + setup.header("Session").split(";")[0];
      assertThat(viewer.request("PLAY", url, "CSeq: 3", session).status()).isEqualTo(200);
      int frames = viewer.countFrames(0, 1000);
      assertThat(viewer.request("TEARDOWN", url, "CSeq: 4", session).status()).isEqualTo(200);
      return frames;
    }
  }
}
