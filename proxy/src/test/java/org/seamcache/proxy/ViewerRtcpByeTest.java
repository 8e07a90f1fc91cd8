package org.seamcache.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.seamcache.proxy.e2e.OriginServer;

/**
 * An RTCP BYE a UDP viewer sends to the proxy's RTCP port ends that viewer's session (RFC 3550
 * §6.6), and only that one: a BYE from the same port number on another address belongs to nobody.
 * The proxy looks the sender up among its address's sessions (not every session per packet).
 */
class ViewerRtcpByeTest {
  @RegisterExtension static OriginServer origin = OriginServer.builder().build();
  @RegisterExtension static RunningProxy proxy = RunningProxy.allowingLoopback();

  private static final Pattern SERVER_PORT = Pattern.compile("server_port=(\\d+)-(\\d+)");
  /** Another viewer's address: loopback answers all of 127.0.0.0/8. */
  private static final String OTHER_ADDRESS = "127.0.0.2";

  /** RR without report blocks, then BYE (RFC 3550: a compound packet starts with a report). */
  private static byte[] receiverReportAndBye(int ssrc) {
    byte[] s = {(byte) (ssrc >>> 24), (byte) (ssrc >>> 16), (byte) (ssrc >>> 8), (byte) ssrc};
    return new byte[] {
      (byte) 0x80, (byte) 201, 0, 1, s[0], s[1], s[2], s[3],
      (byte) 0x81, (byte) 203, 0, 1, s[0], s[1], s[2], s[3]
    };
  }

  /** An even/odd pair of UDP sockets on {@code address}; the odd one sends the viewer's RTCP. */
  private static DatagramSocket[] pairOn(InetAddress address, int rtpPort) throws SocketException {
    DatagramSocket rtp = new DatagramSocket(new InetSocketAddress(address, rtpPort));
    try {
      return new DatagramSocket[] {rtp, new DatagramSocket(new InetSocketAddress(address, rtpPort + 1))};
    } catch (SocketException e) {
      rtp.close();
      throw e;
    }
  }

  private static DatagramSocket[] freePairOn(InetAddress address) throws SocketException {
    for (int attempt = 0; ; attempt++) {
      try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(address, 0))) {
        int port = probe.getLocalPort() & ~1;
        probe.close();
        return pairOn(address, port);
      } catch (SocketException e) {
        if (attempt == 20) {
          throw e;
        }
      }
    }
  }

  private String vod() {
    return proxy.via(origin.vodVideoUri()).toString();
  }

  private boolean alive(RawRtsp connection, String session) throws Exception {
    return connection.request("GET_PARAMETER", vod(), "CSeq: 9", session).status() == 200;
  }

  @Test
  void aByeEndsItsSendersSessionOnly() throws Exception {
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    DatagramSocket[] mine = freePairOn(loopback);
    int port = mine[0].getLocalPort();
    // The other address's sockets have the very same port numbers.
    DatagramSocket[] other = pairOn(InetAddress.getByName(OTHER_ADDRESS), port);
    try (DatagramSocket rtp = mine[0];
        DatagramSocket rtcp = mine[1];
        DatagramSocket otherRtp = other[0];
        DatagramSocket otherRtcp = other[1];
        RawRtsp viewer = new RawRtsp(proxy.port());
        RawRtsp otherViewer = new RawRtsp(proxy.port(), OTHER_ADDRESS)) {
      String udp = "Transport: RTP/AVP;unicast;client_port=" + port + "-" + (port + 1);
      assertThat(viewer.request("DESCRIBE", vod(), "CSeq: 1").status()).isEqualTo(200);
      RawRtsp.Reply setup = viewer.request("SETUP", vod() + "/stream=0", "CSeq: 2", udp);
      assertThat(setup.status()).isEqualTo(200);
      String session = "Session: " + setup.header("Session").split(";")[0];
      Matcher ports = SERVER_PORT.matcher(setup.header("Transport"));
      assertThat(ports.find()).as("server_port in %s", setup.header("Transport")).isTrue();
      InetSocketAddress proxyRtcp = new InetSocketAddress(loopback, Integer.parseInt(ports.group(2)));
      assertThat(viewer.request("PLAY", vod(), "CSeq: 3", session).status()).isEqualTo(200);

      assertThat(otherViewer.request("DESCRIBE", vod(), "CSeq: 1").status()).isEqualTo(200);
      RawRtsp.Reply otherSetup = otherViewer.request("SETUP", vod() + "/stream=0", "CSeq: 2", udp);
      assertThat(otherSetup.status()).isEqualTo(200);
      String otherSession = "Session: " + otherSetup.header("Session").split(";")[0];
      assertThat(otherViewer.request("PLAY", vod(), "CSeq: 3", otherSession).status()).isEqualTo(200);

      // A BYE from an unrelated port of the viewer's address, then one from the other address's socket
      // with the viewer's RTCP port number. Both reach the one proxy RTCP socket and are read in
      // order, so once the second has ended the other session, the first has been handled too.
      byte[] bye = receiverReportAndBye(0x5eed);
      try (DatagramSocket stranger = new DatagramSocket(new InetSocketAddress(loopback, 0))) {
        stranger.send(new DatagramPacket(bye, bye.length, proxyRtcp));
      }
      otherRtcp.send(new DatagramPacket(bye, bye.length, proxyRtcp));
      assertThat(waitUntilEnded(otherViewer, otherSession)).as("the other address's BYE ended its own session").isTrue();
      assertThat(alive(viewer, session)).as("neither BYE ended the viewer's session").isTrue();

      rtcp.send(new DatagramPacket(bye, bye.length, proxyRtcp));
      assertThat(waitUntilEnded(viewer, session)).as("the viewer's own BYE ended its session").isTrue();
    }
  }

  /** Polls with GET_PARAMETER until the session is gone (454), for up to 5 s. */
  private boolean waitUntilEnded(RawRtsp connection, String session) {
    try {
      await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() -> !alive(connection, session));
      return true;
    } catch (ConditionTimeoutException e) {
      return false;
    }
  }
}
