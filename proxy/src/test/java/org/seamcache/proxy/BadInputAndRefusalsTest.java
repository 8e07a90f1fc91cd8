package org.seamcache.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import org.junit.jupiter.api.Test;
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
      assertThat(c.request("DESCRIBE", url, "CSeq: 1").status()).isEqualTo(502);
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
