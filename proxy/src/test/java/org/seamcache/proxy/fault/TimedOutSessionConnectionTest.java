package org.seamcache.proxy.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.seamcache.proxy.RawRtsp;
import org.seamcache.proxy.RunningProxy;
import org.seamcache.proxy.e2e.OriginServer;
import org.seamcache.proxy.server.ConnectionLimits;

/**
 * A UDP viewer that stops talking (no RTCP, no requests) loses its session at the session timeout,
 * and then its quiet RTSP connection, which now holds no session, is closed at the idle timeout.
 */
class TimedOutSessionConnectionTest {
  private static final int SESSION_TIMEOUT_SECONDS = 5;
  private static final Duration IDLE = Duration.ofSeconds(2);

  @RegisterExtension static OriginServer origin = OriginServer.builder().build();
  @RegisterExtension static RunningProxy proxy = RunningProxy.allowingLoopback()
      .configure(c -> c.withSessionTimeout(SESSION_TIMEOUT_SECONDS))
      .connections(ConnectionLimits.defaults().withTimeouts(Duration.ofSeconds(10), IDLE));

  @Test
  void theConnectionOfATimedOutSessionIsClosed() throws Exception {
    String live = proxy.via(origin.liveUri()).toString();
    try (DatagramSocket media = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        DatagramSocket rtcp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), media.getLocalPort() + 1));
        RawRtsp viewer = new RawRtsp(proxy.port())) {
      int port = media.getLocalPort();
      assertThat(viewer.request("DESCRIBE", live, "CSeq: 1").status()).isEqualTo(200);
      RawRtsp.Reply setup = viewer.request("SETUP", live + "/stream=0", "CSeq: 2",
          "Transport: RTP/AVP;unicast;client_port=" + port + "-" + (port + 1));
      assertThat(setup.status()).isEqualTo(200);
      String session = "Session: " + setup.header("Session").split(";")[0];
      assertThat(viewer.request("PLAY", live, "CSeq: 3", session).status()).isEqualTo(200);
      assertThat(proxy.server().status().sessions()).isEqualTo(1);

      // From here the viewer says nothing at all.
      await("the quiet viewer's session timed out").atMost(Duration.ofSeconds(SESSION_TIMEOUT_SECONDS + 15))
          .until(() -> proxy.server().status().sessions() == 0);
      viewer.soTimeout((int) IDLE.multipliedBy(10).toMillis());
      assertThat(viewer.closedByPeer()).as("the connection closed once it held no session").isTrue();
    }
  }
}
