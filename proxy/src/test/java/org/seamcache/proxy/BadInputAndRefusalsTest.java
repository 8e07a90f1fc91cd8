package org.seamcache.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.seamcache.proxy.e2e.OriginServer;

/**
 * What a viewer gets for bad requests and refused origins: the right status, and a connection
 * that either keeps working or closes cleanly.
 */
class BadInputAndRefusalsTest {
  @RegisterExtension static OriginServer origin = OriginServer.builder().build();
  @RegisterExtension static RunningProxy proxy = RunningProxy.allowingLoopback().limits(3, 2);
  @RegisterExtension static RunningProxy strict = RunningProxy.strict();

  private String vod() {
    return proxy.via(origin.vodUri()).toString();
  }

  @Test
  void optionsListsTheMethodsAndEchoesCseq() throws Exception {
    try (RawRtsp c = new RawRtsp(proxy.port())) {
      RawRtsp.Reply r = c.request("OPTIONS", vod(), "CSeq: 7");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.header("CSeq")).isEqualTo("7");
      assertThat(r.header("Public")).contains("DESCRIBE", "SETUP", "PLAY", "PAUSE", "TEARDOWN", "GET_PARAMETER");
    }
  }

  @Test
  void unknownMethodIs501AndTheConnectionGoesOn() throws Exception {
    try (RawRtsp c = new RawRtsp(proxy.port())) {
      assertThat(c.request("FROBNICATE", vod(), "CSeq: 1").status()).isEqualTo(501);
      assertThat(c.request("OPTIONS", vod(), "CSeq: 2").status()).isEqualTo(200);
    }
  }

  @Test
  void garbageIsA400() throws Exception {
    try (RawRtsp c = new RawRtsp(proxy.port())) {
      c.send("this is not rtsp at all\r\n\r\n");
      RawRtsp.Reply r = c.read();
      assertThat(r.status()).isEqualTo(400);
    }
  }

  @Test
  void oversizedHeaderSectionIsA400ThenClose() throws Exception {
    try (RawRtsp c = new RawRtsp(proxy.port())) {
      c.send("OPTIONS " + vod() + " RTSP/1.0\r\nCSeq: 1\r\nX-Big: " + "a".repeat(40_000) + "\r\n\r\n");
      RawRtsp.Reply r = c.read();
      assertThat(r.status()).isEqualTo(400);
      assertThat(c.closedByPeer()).isTrue();
    }
  }

  @Test
  void oversizedBodyIsA413ThenClose() throws Exception {
    try (RawRtsp c = new RawRtsp(proxy.port())) {
      c.send("SET_PARAMETER " + vod() + " RTSP/1.0\r\nCSeq: 1\r\nContent-Length: 10000000\r\n\r\n");
      assertThat(c.read().status()).isEqualTo(413);
      assertThat(c.closedByPeer()).isTrue();
    }
  }

  @Test
  void overlongRequestUriIsA414() throws Exception {
    try (RawRtsp c = new RawRtsp(proxy.port())) {
      c.send("DESCRIBE rtsp://127.0.0.1/" + "p".repeat(6000) + " RTSP/1.0\r\nCSeq: 1\r\n\r\n");
      assertThat(c.read().status()).isEqualTo(414);
    }
  }

  @Test
  void anOriginsNotFoundReachesTheViewerAsSuch() throws Exception {
    try (RawRtsp c = new RawRtsp(proxy.port())) {
      String missing = proxy.via(origin.rtspUri("/no-such-mount")).toString();
      assertThat(c.request("DESCRIBE", missing, "CSeq: 1").status()).isEqualTo(404);
    }
  }

  @Test
  void anUnreachableOriginIsA502() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    try (RawRtsp c = new RawRtsp(proxy.port())) {
      String url = "rtsp://127.0.0.1:" + proxy.port() + "/127.0.0.1:" + closedPort + "/vod";
      RawRtsp.Reply r = c.request("DESCRIBE", url, "CSeq: 1");
      assertThat(r.status()).isEqualTo(502);
      // Our words only: Netty's native "finishConnect(..) failed with error(-111)" stays in the log.
      assertThat(r.reason()).isEqualTo("origin /127.0.0.1:" + closedPort + " unreachable");
    }
  }

  @Test
  void bareLfLineEndingsAreAccepted() throws Exception {
    // RFC 2326 §4: receivers should take a bare LF as a line end too; before, this was a 500.
    try (RawRtsp c = new RawRtsp(proxy.port())) {
      c.send("OPTIONS " + vod() + " RTSP/1.0\nCSeq: 5\n\n");
      RawRtsp.Reply options = c.read();
      assertThat(options.status()).isEqualTo(200);
      assertThat(options.header("CSeq")).isEqualTo("5");
      c.send("DESCRIBE " + vod() + " RTSP/1.0\nCSeq: 6\nAccept: application/sdp\n\n");
      RawRtsp.Reply describe = c.read();
      assertThat(describe.status()).isEqualTo(200);
      assertThat(describe.header("CSeq")).isEqualTo("6");
      assertThat(describe.body()).contains("m=video");
    }
  }

  @Test
  void expect100ContinueGetsAnRtspAnswerAndNoHttpLine() throws Exception {
    try (RawRtsp c = new RawRtsp(proxy.port())) {
      c.send("SET_PARAMETER " + vod() + " RTSP/1.0\r\nCSeq: 3\r\nExpect: 100-continue\r\n"
          + "Content-Type: text/parameters\r\nContent-Length: 6\r\n\r\nx: 1\r\n");
      RawRtsp.Reply r = c.read();
      assertThat(r.protocol()).isEqualTo("RTSP/1.0");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.header("CSeq")).isEqualTo("3");
      RawRtsp.Reply next = c.request("OPTIONS", vod(), "CSeq: 4", "Expect: 100-continue");
      assertThat(next.protocol()).isEqualTo("RTSP/1.0");
      assertThat(next.header("CSeq")).isEqualTo("4");
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // what is wrong                  | request head (\\n stands for CRLF)                     | status | reason
        "space in a header name           | OPTIONS * RTSP/1.0\\nCSeq: 1\\nBad Name: x\\n              | 400 | malformed request",
        "control character in a value     | OPTIONS * RTSP/1.0\\nCSeq: 1\\nX: a\\u0001b\\n              | 400 | malformed request",
        "empty header name                | OPTIONS * RTSP/1.0\\nCSeq: 1\\n: novalue\\n                | 400 | malformed request",
        "no Request-URI                   | OPTIONS  RTSP/1.0\\nCSeq: 1\\n                            | 400 | malformed request",
        "origin port beyond 65535         | DESCRIBE rtsp://127.0.0.1/127.0.0.1:99999/vod RTSP/1.0\\nCSeq: 1\\n | 400 | origin port 99999 is not 1-65535",
      })
  void failureReasonsAreOursNotTheLibraries(String what, String head, int status, String reason) throws Exception {
    String request = head.replace("\\n", "\r\n").replace("\\u0001", "\u0001") + "\r\n";
    try (RawRtsp c = new RawRtsp(proxy.port())) {
      c.send(request);
      RawRtsp.Reply r = c.read();
      assertThat(r.status()).as(what).isEqualTo(status);
      assertThat(r.reason()).as(what).isEqualTo(reason);
    }
  }

  @Test
  void aLoopbackOriginIsRefusedWithout403Permission() throws Exception {
    try (RawRtsp c = new RawRtsp(strict.port())) {
      URI o = origin.vodUri();
      String url = "rtsp://127.0.0.1:" + strict.port() + "/" + o.getHost() + ":" + o.getPort() + o.getPath();
      assertThat(c.request("DESCRIBE", url, "CSeq: 1").status()).isEqualTo(403);
    }
  }

  @ParameterizedTest
  @CsvSource({
    "[::ffff:0:7f00:1], 403", // IPv4-translated loopback
    "[64:ff9b::7f00:1], 403", // NAT64 loopback
    "[::127.0.0.1], 403", // IPv4-compatible loopback
    "0177.0.0.1, 400", // octal loopback to the C resolver, 177.0.0.1 to the JDK
  })
  void loopbackInOtherSpellingsIsRefused(String host, int status) throws Exception {
    try (RawRtsp c = new RawRtsp(strict.port())) {
      // RTSP proxy form (an absolute URI naming the origin): the URL-prefix form takes no IPv6 literal.
      String url = "rtsp://" + host + ":" + origin.rtspPort() + "/vod";
      assertThat(c.request("DESCRIBE", url, "CSeq: 1").status()).isEqualTo(status);
    }
  }

  @Test
  void unknownSessionIs454AndSetupBeforeDescribeIs455() throws Exception {
    try (RawRtsp c = new RawRtsp(proxy.port())) {
      assertThat(c.request("PLAY", vod(), "CSeq: 1", "Session: nosuchsession").status()).isEqualTo(454);
      assertThat(c.request("SETUP", vod() + "/stream=0", "CSeq: 2", "Transport: RTP/AVP/TCP;unicast;interleaved=0-1").status())
          .isEqualTo(455);
    }
  }

  @Test
  void malformedTransportIs461OrBadRequest() throws Exception {
    try (RawRtsp c = new RawRtsp(proxy.port())) {
      assertThat(c.request("DESCRIBE", vod(), "CSeq: 1").status()).isEqualTo(200);
      int status = c.request("SETUP", vod() + "/stream=0", "CSeq: 2", "Transport: RAW/RAW/UDP;unicast").status();
      assertThat(status).isIn(400, 461);
    }
  }

  @Test
  void sessionLimitsGive453PerClientThen503() throws Exception {
    // limits: 3 in total, 2 per client address; all test connections come from 127.0.0.1
    try (RawRtsp c = new RawRtsp(proxy.port())) {
      assertThat(c.request("DESCRIBE", vod(), "CSeq: 1").status()).isEqualTo(200);
      String setup = vod() + "/stream=0";
      String t = "Transport: RTP/AVP/TCP;unicast;interleaved=0-1";
      RawRtsp.Reply a = c.request("SETUP", setup, "CSeq: 2", t);
      RawRtsp.Reply b = c.request("SETUP", setup, "CSeq: 3", t);
      RawRtsp.Reply third = c.request("SETUP", setup, "CSeq: 4", t);
      assertThat(a.status()).isEqualTo(200);
      assertThat(b.status()).isEqualTo(200);
      assertThat(third.status()).isEqualTo(453);
      assertThat(c.request("TEARDOWN", vod(), "CSeq: 5", "Session: " + a.header("Session").split(";")[0]).status()).isEqualTo(200);
      assertThat(c.request("SETUP", setup, "CSeq: 6", t).status()).isEqualTo(200);
    }
  }
}
