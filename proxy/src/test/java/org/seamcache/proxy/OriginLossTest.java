package org.seamcache.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.seamcache.proxy.e2e.Ffmpeg;
import org.seamcache.proxy.e2e.FfmpegDecode;
import org.seamcache.proxy.e2e.OriginServer;
import org.seamcache.proxy.e2e.Transport;

/** Stored content whose origin dies mid-play: the viewer is told (RTCP BYE) and ends, instead of hanging. */
class OriginLossTest {
  @RegisterExtension static OriginServer origin = OriginServer.builder().build();
  @RegisterExtension static RunningProxy proxy = RunningProxy.allowingLoopback();

  @Test
  void theViewerEndsSoonAfterTheOriginDies() throws Exception {
    CompletableFuture<FfmpegDecode> viewer =
        Ffmpeg.of(proxy.via(origin.vodUri())).transport(Transport.TCP).timeout(Duration.ofSeconds(40)).decodeAsync();
    await().atMost(Duration.ofSeconds(15)).until(() -> proxy.server().status().packetsIn() > 100);
    long diedAt = System.nanoTime();
    origin.close();

    FfmpegDecode d = viewer.get();
    double endedAfter = (System.nanoTime() - diedAt) / 1e9;
    System.out.printf("viewer ended %.2f s after the origin died (%d video frames)%n", endedAfter, d.videoFrames());
    assertThat(d.videoFrames()).isGreaterThan(20).isLessThan(500);
    // The 20 s file had far from finished: without the BYE, ffmpeg would wait out its own timeout.
    assertThat(endedAfter).isLessThan(10.0);
    assertThat(proxy.server().status().sessions()).isZero();
  }
}
