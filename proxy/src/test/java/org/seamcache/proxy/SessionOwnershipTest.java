package org.seamcache.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.seamcache.proxy.e2e.OriginServer;

/**
 * A session id seen on the wire gives no power over the session: an interleaved session answers
 * only on the connection that created it, a UDP session only to its viewer's address (from any of
 * its connections, as RFC 2326 allows). Anyone else gets 454, as for an id that does not exist.
 */
class SessionOwnershipTest {
  @RegisterExtension static OriginServer origin = OriginServer.builder().build();
  @RegisterExtension static RunningProxy proxy = RunningProxy.allowingLoopback();

  private static final String TCP = "Transport: RTP/AVP/TCP;unicast;interleaved=0-1";
  /** Another viewer's address: loopback answers all of 127.0.0.0/8. */
  private static final String OTHER_ADDRESS = "127.0.0.2";

  private String vod() {
    return proxy.via(origin.vodVideoUri()).toString();
  }

  private static String sessionOf(RawRtsp.Reply setup) {
    return "Session: " + setup.header("Session").split(";")[0];
  }

  @Test
  void anotherConnectionCannotPauseOrTearDownAnInterleavedStream() throws Exception {
    try (RawRtsp viewer = new RawRtsp(proxy.port());
        RawRtsp sameAddress = new RawRtsp(proxy.port());
        RawRtsp otherAddress = new RawRtsp(proxy.port(), OTHER_ADDRESS)) {
      assertThat(viewer.request("DESCRIBE", vod(), "CSeq: 1").status()).isEqualTo(200);
      RawRtsp.Reply setup = viewer.request("SETUP", vod() + "/stream=0", "CSeq: 2", TCP);
      assertThat(setup.status()).isEqualTo(200);
      String session = sessionOf(setup);
      assertThat(viewer.request("PLAY", vod(), "CSeq: 3", session).status()).isEqualTo(200);
      assertThat(viewer.countFrames(0, 500)).as("the viewer's stream runs").isPositive();

      for (RawRtsp intruder : new RawRtsp[] {sameAddress, otherAddress}) {
        assertThat(intruder.request("PAUSE", vod(), "CSeq: 1", session).status()).isEqualTo(454);
        assertThat(intruder.request("TEARDOWN", vod(), "CSeq: 2", session).status()).isEqualTo(454);
        assertThat(intruder.request("GET_PARAMETER", vod(), "CSeq: 3", session).status()).isEqualTo(454);
        assertThat(intruder.request("PLAY", vod(), "CSeq: 4", session).status()).isEqualTo(454);
      }

      assertThat(viewer.countFrames(0, 500)).as("the viewer's stream still runs").isPositive();
      assertThat(viewer.request("TEARDOWN", vod(), "CSeq: 4", session).status()).isEqualTo(200);
    }
  }

  @Test
  void anotherConnectionCannotSetupIntoAnInterleavedSessionBeforeItsPlay() throws Exception {
    try (RawRtsp viewer = new RawRtsp(proxy.port()); RawRtsp intruder = new RawRtsp(proxy.port())) {
      assertThat(viewer.request("DESCRIBE", vod(), "CSeq: 1").status()).isEqualTo(200);
      RawRtsp.Reply setup = viewer.request("SETUP", vod() + "/stream=0", "CSeq: 2", TCP);
      String session = sessionOf(setup);

      assertThat(intruder.request("DESCRIBE", vod(), "CSeq: 1").status()).isEqualTo(200);
      // Re-SETUP of the track onto the intruder's own connection would take the viewer's media.
      RawRtsp.Reply hijack = intruder.request("SETUP", vod() + "/stream=0", "CSeq: 2", session, TCP);
      assertThat(hijack.status()).isEqualTo(454);

      assertThat(viewer.request("PLAY", vod(), "CSeq: 3", session).status()).isEqualTo(200);
      assertThat(viewer.countFrames(0, 500)).as("the media came to the viewer").isPositive();
      assertThat(intruder.countFrames(0, 300)).as("and none to the intruder").isZero();
    }
  }

  @Test
  void aUdpSessionAnswersItsViewerOnAnyConnectionButNoOtherAddress() throws Exception {
    try (DatagramSocket media = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        RawRtsp viewer = new RawRtsp(proxy.port());
        RawRtsp otherAddress = new RawRtsp(proxy.port(), OTHER_ADDRESS)) {
      int port = media.getLocalPort();
      String udp = "Transport: RTP/AVP;unicast;client_port=" + port + "-" + (port + 1);
      assertThat(viewer.request("DESCRIBE", vod(), "CSeq: 1").status()).isEqualTo(200);
      RawRtsp.Reply setup = viewer.request("SETUP", vod() + "/stream=0", "CSeq: 2", udp);
      assertThat(setup.status()).isEqualTo(200);
      String session = sessionOf(setup);

      assertThat(otherAddress.request("DESCRIBE", vod(), "CSeq: 1").status()).isEqualTo(200);
      String redirect = "Transport: RTP/AVP;unicast;client_port=40000-40001";
      assertThat(otherAddress.request("SETUP", vod() + "/stream=0", "CSeq: 2", session, redirect).status()).isEqualTo(454);
      assertThat(otherAddress.request("PLAY", vod(), "CSeq: 3", session).status()).isEqualTo(454);
      assertThat(otherAddress.request("TEARDOWN", vod(), "CSeq: 4", session).status()).isEqualTo(454);

      // The viewer's own address may come back on a new connection (RFC 2326 §1.1).
      try (RawRtsp reconnected = new RawRtsp(proxy.port())) {
        assertThat(reconnected.request("GET_PARAMETER", vod(), "CSeq: 1", session).status()).isEqualTo(200);
        assertThat(reconnected.request("TEARDOWN", vod(), "CSeq: 2", session).status()).isEqualTo(200);
      }
      assertThat(viewer.request("PLAY", vod(), "CSeq: 3", session).status()).as("torn down by its owner").isEqualTo(454);
    }
  }
}
