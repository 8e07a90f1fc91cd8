package org.seamcache.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.seamcache.proxy.e2e.OriginServer;

/**
 * A viewer that leaves while its PLAY still waits for the upstream (PLAY and TEARDOWN pipelined)
 * must not stay behind as a phantom viewer: the live upstream still goes idle and is torn down.
 */
class LiveLeaveDuringJoinTest {
  @RegisterExtension static OriginServer origin = OriginServer.builder().build();
  @RegisterExtension static RunningProxy proxy = RunningProxy.allowingLoopback();

  @Test
  void aViewerLeavingMidJoinLeavesNoPhantom() throws Exception {
    String live = proxy.via(origin.liveUri()).toString();
    try (RawRtsp c = new RawRtsp(proxy.port())) {
      assertThat(c.request("DESCRIBE", live, "CSeq: 1").status()).isEqualTo(200);
      RawRtsp.Reply setup = c.request("SETUP", live + "/stream=0", "CSeq: 2", "Transport: RTP/AVP/TCP;unicast;interleaved=0-1");
      String session = "Session: " + setup.header("Session").split(";")[0];
      c.send("PLAY " + live + " RTSP/1.0\r\nCSeq: 3\r\n" + session + "\r\n\r\n"
          + "TEARDOWN " + live + " RTSP/1.0\r\nCSeq: 4\r\n" + session + "\r\n\r\n");
      c.read(); // the PLAY's answer (whatever it is, it comes first)
      assertThat(c.read().status()).isEqualTo(200);
    }
    // The idle teardown is 2 s in tests: the upstream leg must be gone well after that.
    await().atMost(Duration.ofSeconds(12)).until(() -> proxy.server().status().legs().isEmpty());
    assertThat(proxy.server().status().viewers()).isZero();
  }
}
