package org.seamcache.proxy.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.seamcache.proxy.RawRtsp;
import org.seamcache.proxy.RunningProxy;
import org.seamcache.proxy.e2e.CommandResult;
import org.seamcache.proxy.e2e.CommandRunner;
import org.seamcache.proxy.e2e.OriginServer;
import org.seamcache.proxy.upstream.LegSettings;

/**
 * An origin that stops sending without closing anything (SIGSTOP: its sockets stay open, it just
 * says nothing) is noticed within 5 s; once the proxy gives up reconnecting, its viewers get an
 * RTCP BYE and their sessions are gone (GET_PARAMETER answers 454, not 200).
 */
class OriginStoppedTest {
  /** Default silence detection; a short reconnect window and request timeout keep the test short. */
  private static final LegSettings LEGS = new LegSettings(false, Duration.ofSeconds(3), Duration.ofSeconds(2),
      LegSettings.defaults().originSilence(), Duration.ofSeconds(1));

  @RegisterExtension static OriginServer origin = OriginServer.builder().build();
  @RegisterExtension static RunningProxy proxy = RunningProxy.allowingLoopback().configure(c -> c.withLegs(LEGS));

  @Test
  void aStoppedOriginIsNoticedWithinFiveSecondsAndItsViewersSessionsEnd() throws Exception {
    String live = proxy.via(origin.liveUri()).toString();
    long pid = origin.pid();
    try (RawRtsp viewer = new RawRtsp(proxy.port())) {
      assertThat(viewer.request("DESCRIBE", live, "CSeq: 1").status()).isEqualTo(200);
      RawRtsp.Reply setup = viewer.request("SETUP", live + "/stream=0", "CSeq: 2", "Transport: RTP/AVP/TCP;unicast;interleaved=0-1");
      assertThat(setup.status()).isEqualTo(200);
      String session = "Session: " + setup.header("Session").split(";")[0];
      assertThat(viewer.request("PLAY", live, "CSeq: 3", session).status()).isEqualTo(200);
      assertThat(viewer.countFrames(0, 1000)).as("frames before the origin stops").isPositive();
      long legId = proxy.server().status().live().get(0).legId();

      try {
        signal("STOP", pid);
        await("the silent leg closed").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
            .until(() -> proxy.server().status().legs().stream().noneMatch(l -> l.id() == legId));

        assertThat(viewer.awaitRtcpBye(1, 20_000)).as("an RTCP BYE once the proxy gave up").isTrue();
        await("the viewer's session gone").atMost(Duration.ofSeconds(5)).until(() -> proxy.server().status().sessions() == 0);
        assertThat(viewer.request("GET_PARAMETER", live, "CSeq: 4", session).status()).isEqualTo(454);
      } finally {
        signal("CONT", pid);
      }
    }
  }

  private static void signal(String name, long pid) {
    CommandResult r = CommandRunner.run(List.of("kill", "-" + name, Long.toString(pid)), Duration.ofSeconds(10));
    assertThat(r.succeeded()).as(r.describe()).isTrue();
  }
}
