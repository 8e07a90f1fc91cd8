package org.seamcache.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.seamcache.proxy.e2e.Ffprobe;
import org.seamcache.proxy.e2e.OriginServer;
import org.seamcache.proxy.e2e.StreamCounts;
import org.seamcache.proxy.e2e.Transport;
import org.seamcache.storage.StopReason;

/** A disk below the free-space floor stops recording, never relaying: the viewer gets every frame. */
class FullDiskTest {
  @RegisterExtension static OriginServer origin = OriginServer.builder().build();
  @RegisterExtension static RunningProxy proxy = RunningProxy.allowingLoopback().minFreeDisk(Long.MAX_VALUE / 4);

  @Test
  void relayingGoesOnWhileRecordingIsRefused() throws Exception {
    CompletableFuture<StreamCounts> viewer =
        CompletableFuture.supplyAsync(() -> Ffprobe.countFrames(proxy.via(origin.liveUri()), Transport.UDP, 4, Duration.ofSeconds(30)));
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> !proxy.server().status().recordings().isEmpty());
    var recording = proxy.server().status().recordings().get(0);
    assertThat(recording.running()).isFalse();
    assertThat(recording.stopReason()).isEqualTo(StopReason.DISK_LOW);
    assertThat(proxy.server().scrapeMetrics()).contains("\nseamcache_recordings_failed 1.0\n");

    StreamCounts seen = viewer.get();
    assertThat(seen.video()).as(seen.run().toString()).isGreaterThanOrEqualTo(60);
  }
}
