package org.seamcache.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.seamcache.proxy.e2e.Ffprobe;
import org.seamcache.proxy.e2e.LoopbackLoss;
import org.seamcache.proxy.e2e.OriginServer;
import org.seamcache.proxy.e2e.StreamCounts;
import org.seamcache.proxy.e2e.Transport;

/**
 * UDP that never arrives (a firewall drops all of the origin's datagrams): after 3 s of silence the
 * leg starts over on TCP-interleaved, as ffmpeg and live555 do, and the viewer plays.
 */
class UpstreamSilentUdpFallbackTest {
  @RegisterExtension static OriginServer origin = OriginServer.builder().build();
  @RegisterExtension static LoopbackLoss loss = LoopbackLoss.create();
  @RegisterExtension static RunningProxy proxy = RunningProxy.allowingLoopback();

  @Test
  void silentUdpFallsBackToTcp() {
    loss.dropAll(origin.rtpPorts().udpSourceMatch());
    StreamCounts counts = Ffprobe.countFrames(proxy.via(origin.vodUri()), Transport.TCP, 3, Duration.ofSeconds(40));
    assertThat(counts.video()).as(counts.run().toString()).isGreaterThanOrEqualTo(70);
    assertThat(counts.audio()).isGreaterThanOrEqualTo(130);
    // The origin's UDP datagrams were dropped (the counter moved): these frames came over TCP.
    assertThat(loss.rules()).containsPattern("counter packets [1-9]\\d* bytes \\d+ drop");
  }
}
