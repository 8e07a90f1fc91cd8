package org.seamcache.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.seamcache.proxy.e2e.Ffprobe;
import org.seamcache.proxy.e2e.OriginServer;
import org.seamcache.proxy.e2e.StreamCounts;
import org.seamcache.proxy.e2e.Transport;

/** Live content: one upstream session for many viewers, gone an idle time after the last. */
@Order(2)
class LiveFanOutTest {
  @RegisterExtension static OriginServer origin = OriginServer.builder().build();
  @RegisterExtension static RunningProxy proxy = RunningProxy.allowingLoopback();

  @Test
  void tenConcurrentViewersShareOneUpstreamSessionWhichEndsAfterTheLast() {
    URI live = proxy.via(origin.liveUri());
    List<CompletableFuture<StreamCounts>> viewers = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      Transport t = i % 2 == 0 ? Transport.UDP : Transport.TCP;
      viewers.add(CompletableFuture.supplyAsync(() -> Ffprobe.countFrames(live, t, 3, Duration.ofSeconds(40))));
    }
    for (CompletableFuture<StreamCounts> v : viewers) {
      StreamCounts counts = v.join();
      // 3 s of 25 fps video; a joiner waits for the next key frame (at most 1 s).
      assertThat(counts.video()).as(counts.run().toString()).isGreaterThanOrEqualTo(40);
    }
    assertThat(proxy.server().status().upstreamSessionsOpened()).isEqualTo(1);
    // Every viewer's packets were counted as delivered (10 viewers, at least 40 frames each).
    assertThat(proxy.server().status().packetsOut()).isGreaterThan(10 * 40);
    assertThat(origin.requestLog().stream().filter(l -> l.contains(" PLAY ")).count()).isEqualTo(1);
    assertThat(origin.requestLog().stream().filter(l -> l.contains(" SETUP ")).count()).isEqualTo(1);

    // The last viewer left: the upstream goes away after the idle time (2 s in tests).
    await().atMost(Duration.ofSeconds(15)).until(() -> proxy.server().status().legs().isEmpty());
    await().atMost(Duration.ofSeconds(5)).until(() -> origin.requestLog().stream().anyMatch(l -> l.contains(" TEARDOWN ")));
  }
}
