package org.seamcache.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.seamcache.proxy.e2e.Ffprobe;
import org.seamcache.proxy.e2e.OriginServer;
import org.seamcache.proxy.e2e.StreamCounts;
import org.seamcache.proxy.e2e.Transport;

/** An origin that refuses UDP (461): the proxy's leg switches to TCP-interleaved and the viewer never notices. */
class UpstreamTcpFallbackTest {
  @RegisterExtension static OriginServer origin = OriginServer.builder().protocols(Transport.TCP).build();
  @RegisterExtension static RunningProxy proxy = RunningProxy.allowingLoopback();

  @Test
  void aUdpViewerPlaysWhileTheProxyUsesTcpUpstream() {
    StreamCounts counts = Ffprobe.countFrames(proxy.via(origin.vodUri()), Transport.UDP, 3, Duration.ofSeconds(40));
    assertThat(counts.video()).as(counts.run().toString()).isGreaterThanOrEqualTo(70);
    // The origin accepts TCP only, so these frames can only have come over the fallback leg.
    assertThat(counts.audio()).isGreaterThanOrEqualTo(130);
  }

}
