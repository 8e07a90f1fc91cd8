package org.seamcache.proxy.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OriginServerTest {

  @RegisterExtension static OriginServer origin = OriginServer.builder().build();

  @Test
  void readyLineNamesTheMountsPortsAndPid() {
    String ready = origin.log().lines().filter(l -> l.startsWith("READY ")).findFirst().orElseThrow();
    assertThat(ready)
        .contains(origin.vodUri() + " " + origin.vodVideoUri() + " " + origin.liveUri())
        .contains("rtp-ports=" + origin.rtpPorts())
        .contains("pid=" + origin.pid());
    assertThat(origin.vodUri().toString()).isEqualTo("rtsp://127.0.0.1:" + origin.rtspPort() + "/vod");
    assertThat(origin.rtspUri("live")).isEqualTo(origin.liveUri());
    assertThat(origin.rtpPorts().size()).isEqualTo(LoopbackPorts.BLOCK_PORTS);
  }

  @Test
  void originLogsTheRequestsItServes() {
    RtpCapture c = RtspCapture.of(origin.vodVideoUri()).transport(Transport.TCP).seconds(0.5).capture();
    assertThat(c.run().succeeded()).as(c.describe()).isTrue();
    assertThat(c.packets()).isNotEmpty();
    assertThat(origin.requestLog())
        .anyMatch(l -> l.contains(" DESCRIBE " + origin.vodVideoUri()))
        .anyMatch(l -> l.contains(" PLAY "));
  }

  @Test
  void originsStartedSideBySideGetDisjointPortsAndStopByPid() {
    try (OriginServer a = OriginServer.builder().build();
        OriginServer b = OriginServer.builder().sharedLive().rtpPortCount(150).build()) {
      a.start();
      b.start();
      assertThat(a.rtspPort()).isNotEqualTo(b.rtspPort()).isNotEqualTo(origin.rtspPort());
      assertThat(a.rtpPorts().overlaps(b.rtpPorts())).isFalse();
      assertThat(a.rtpPorts().overlaps(origin.rtpPorts())).isFalse();
      assertThat(b.rtpPorts().size()).isEqualTo(200);
      long pid = a.pid();
      a.close();
      assertThat(a.isRunning()).isFalse();
      assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
      assertThat(b.isRunning()).isTrue();
    }
  }

  @Test
  void anOriginThatDiesBeforeReadyFailsWithItsOutput() {
    // argparse takes the last --protocols; origin.py then dies on the unknown transport.
    OriginServer broken =
        OriginServer.builder().extraArgs("--protocols", "carrier-pigeon").readyTimeout(Duration.ofSeconds(20)).build();
    assertThatThrownBy(broken::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("origin exited before READY")
        .hasMessageContaining("KeyError: 'carrier-pigeon'");
    assertThat(broken.isRunning()).isFalse();
  }

  @Test
  void anOriginTooSlowForItsReadyTimeoutIsStoppedAndReported() {
    // Start-up takes 0.2-0.5 s: a 1 ms bound cannot be met.
    OriginServer slow = OriginServer.builder().readyTimeout(Duration.ofMillis(1)).build();
    assertThatThrownBy(slow::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no READY line within PT0.001S")
        .hasMessageContaining("--- origin log ---")
        .hasMessageContaining("origin.py --port");
    assertThat(slow.isRunning()).isFalse();
  }
}
