package org.seamcache.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.seamcache.proxy.e2e.Ffprobe;
import org.seamcache.proxy.e2e.GstDecode;
import org.seamcache.proxy.e2e.GstLaunch;
import org.seamcache.proxy.e2e.OriginServer;
import org.seamcache.proxy.e2e.StreamCounts;
import org.seamcache.proxy.e2e.Transport;
import org.seamcache.proxy.route.Cidr;
import org.seamcache.proxy.server.ViewerAccess;
import org.seamcache.proxy.server.ViewerTokens;

/**
 * Signed viewer tokens against the real origin: a table of allowed and refused requests over raw
 * sockets, the control URLs a player derives after DESCRIBE admitted by the DESCRIBE's token, the
 * token kept from the origin and from the content's identity, a route with viewer rules of its own,
 * ffmpeg playing with a minted token and refused with a stale one, and gst rtspsrc playing.
 */
class ViewerTokenTest {
  private static final ViewerTokens TOKENS =
      new ViewerTokens("a secret of the operator's portal".getBytes(StandardCharsets.US_ASCII), System::currentTimeMillis);

  @RegisterExtension static OriginServer origin = OriginServer.builder().build();

  @RegisterExtension
  static RunningProxy proxy = RunningProxy.allowingLoopback()
      .route("cam", () -> origin.liveUri())
      .route("lan", () -> origin.liveUri())
      .viewers(new ViewerAccess(List.of(), Map.of(), false, System::currentTimeMillis)
          .withTokens(TOKENS, true)
          // the lan route: no token, but only from 127.0.0.2
          .withRoutes(Map.of("lan", new ViewerAccess.Rules(List.of(Cidr.parse("127.0.0.2/32")), Map.of(), false))));

  private static String flipLast(String s) {
    return s.substring(0, s.length() - 1) + (s.endsWith("a") ? "b" : "a");
  }

  private static long inSeconds(long s) {
    return System.currentTimeMillis() / 1000 + s;
  }

  private static String cam(String query) {
    return proxy.route("cam") + query;
  }

  private static String token(String path, long expires, String client) throws Exception {
    return "?token=" + TOKENS.mint(path, expires, client == null ? null : InetAddress.getByName(client));
  }

  @Test
  void tokensAllowedAndRefused() throws Exception {
    record Case(String what, String query, int status, String reason) {}
    List<Case> cases = List.of(
        new Case("no token", "", 403, "a viewer token is required (?token=)"),
        new Case("valid", token("/cam", inSeconds(60), null), 200, "OK"),
        new Case("valid, among other parameters", "?x=1&" + token("/cam", inSeconds(60), null).substring(1), 200, "OK"),
        new Case("bound to this address", token("/cam", inSeconds(60), "127.0.0.1"), 200, "OK"),
        new Case("expired", token("/cam", inSeconds(-1), null), 403, "viewer token expired"),
        new Case("for another path", token("/lan", inSeconds(60), null), 403, "viewer token is not valid for /cam"),
        new Case("for another address", token("/cam", inSeconds(60), "127.0.0.2"), 403, "viewer token is for another client address"),
        new Case("bad signature", flipLast(token("/cam", inSeconds(60), null)), 403,
            "viewer token is not valid for /cam"),
        new Case("malformed", "?token=yes", 403, "malformed viewer token"));
    for (Case c : cases) {
      try (RawRtsp raw = new RawRtsp(proxy.port())) {
        RawRtsp.Reply r = raw.request("DESCRIBE", cam(c.query()), "CSeq: 1");
        assertThat(r.status() + " " + r.reason()).as(c.what()).isEqualTo(c.status() + " " + c.reason());
        assertThat(r.body()).as(c.what() + ": no stack trace, no SDP when refused").doesNotContain("Exception");
      }
    }
    try (RawRtsp raw = new RawRtsp(proxy.port())) {
      assertThat(raw.request("OPTIONS", "*", "CSeq: 1").status()).as("OPTIONS needs no token").isEqualTo(200);
    }
  }

  @Test
  void theDescribesTokenAdmitsTheSessionsControlUrlsOnThatConnectionOnly() throws Exception {
    try (RawRtsp raw = new RawRtsp(proxy.port()); RawRtsp other = new RawRtsp(proxy.port())) {
      RawRtsp.Reply d = raw.request("DESCRIBE", cam(token("/cam", inSeconds(60), null)), "CSeq: 1");
      assertThat(d.status()).isEqualTo(200);
      assertThat(d.header("Content-Base")).as("the token is not handed back in control URLs").doesNotContain("token");
      String track = d.header("Content-Base") + "stream=0";
      RawRtsp.Reply refused = other.request("SETUP", track, "CSeq: 1", "Transport: RTP/AVP/TCP;unicast;interleaved=0-1");
      assertThat(refused.status()).as("another connection without a token").isEqualTo(403);
      RawRtsp.Reply s = raw.request("SETUP", track, "CSeq: 2", "Transport: RTP/AVP/TCP;unicast;interleaved=0-1");
      assertThat(s.status()).as(s.reason()).isEqualTo(200);
      String session = s.header("Session").split(";")[0];
      RawRtsp.Reply p = raw.request("PLAY", d.header("Content-Base"), "CSeq: 3", "Session: " + session);
      assertThat(p.status()).as(p.reason()).isEqualTo(200);
      assertThat(raw.request("TEARDOWN", d.header("Content-Base"), "CSeq: 4", "Session: " + session).status()).isEqualTo(200);
      assertThat(raw.request("DESCRIBE", cam(""), "CSeq: 5").status()).as("the same content again").isEqualTo(200);
      assertThat(raw.request("DESCRIBE", cam("/other"), "CSeq: 6").status()).as("another content under the route").isEqualTo(403);
      assertThat(raw.request("DESCRIBE", cam("/../lan"), "CSeq: 7").status()).as("nor out of it").isEqualTo(403);
    }
    assertThat(origin.requestLog()).as("the origin never sees a token").noneMatch(l -> l.contains("token"));
  }

  @Test
  void viewersWithDifferentTokensShareOneUpstream() throws Exception {
    try (RawRtsp a = new RawRtsp(proxy.port()); RawRtsp b = new RawRtsp(proxy.port(), "127.0.0.3")) {
      String first = session(a, cam(token("/cam", inSeconds(60), null)));
      long opened = proxy.server().status().upstreamSessionsOpened();
      String second = session(b, cam(token("/cam", inSeconds(120), "127.0.0.3")));
      assertThat(proxy.server().status().upstreamSessionsOpened()).as("one content, one upstream").isEqualTo(opened);
      assertThat(first).isNotEqualTo(second);
    }
  }

  /** DESCRIBE, SETUP and PLAY over TCP; the session id. */
  private static String session(RawRtsp raw, String uri) throws Exception {
    RawRtsp.Reply d = raw.request("DESCRIBE", uri, "CSeq: 1");
    assertThat(d.status()).as(d.reason()).isEqualTo(200);
    RawRtsp.Reply s = raw.request("SETUP", d.header("Content-Base") + "stream=0", "CSeq: 2", "Transport: RTP/AVP/TCP;unicast;interleaved=0-1");
    assertThat(s.status()).as(s.reason()).isEqualTo(200);
    String id = s.header("Session").split(";")[0];
    assertThat(raw.request("PLAY", d.header("Content-Base"), "CSeq: 3", "Session: " + id).status()).isEqualTo(200);
    return id;
  }

  @Test
  void aRouteWithRulesOfItsOwn() throws Exception {
    try (RawRtsp raw = new RawRtsp(proxy.port(), "127.0.0.2")) {
      assertThat(raw.request("DESCRIBE", proxy.route("lan").toString(), "CSeq: 1").status()).as("no token needed on lan").isEqualTo(200);
      assertThat(raw.request("DESCRIBE", cam(""), "CSeq: 2").status()).as("the proxy's rule elsewhere").isEqualTo(403);
    }
    try (RawRtsp raw = new RawRtsp(proxy.port(), "127.0.0.1")) {
      RawRtsp.Reply r = raw.request("DESCRIBE", proxy.route("lan") + token("/lan", inSeconds(60), null), "CSeq: 1");
      assertThat(r.status() + " " + r.reason()).as("a token does not widen the route's address list")
          .isEqualTo("403 viewer address 127.0.0.1 is not allowed");
    }
  }

  @Test
  void ffmpegPlaysWithAMintedTokenAndIsRefusedWithAnExpiredOne() throws Exception {
    URI good = URI.create(cam(token("/cam", inSeconds(120), null)));
    StreamCounts ok = Ffprobe.countFrames(good, Transport.UDP, 2, Duration.ofSeconds(30));
    assertThat(ok.video()).as(ok.run().toString()).isGreaterThan(20);
    StreamCounts tcp = Ffprobe.countFrames(good, Transport.TCP, 2, Duration.ofSeconds(30));
    assertThat(tcp.video()).as(tcp.run().toString()).isGreaterThan(20);
    StreamCounts expired = Ffprobe.countFrames(URI.create(cam(token("/cam", inSeconds(-60), null))), Transport.TCP, 2, Duration.ofSeconds(30));
    assertThat(expired.video()).isZero();
    assertThat(expired.run().stderr()).contains("403");
  }

  @Test
  void aClientUsingTheProxyAsItsProxyShowsATokenForTheOriginsHostAndPath() throws Exception {
    URI live = origin.liveUri(); // the Request-URI names the origin (RTSP proxy semantics)
    String hostAndPath = "/" + live.getRawAuthority() + live.getRawPath();
    try (RawRtsp raw = new RawRtsp(proxy.port())) {
      assertThat(raw.request("DESCRIBE", live + token(hostAndPath, inSeconds(60), null), "CSeq: 1").status()).isEqualTo(200);
      RawRtsp.Reply pathOnly = raw.request("DESCRIBE", live + token(live.getRawPath(), inSeconds(60), null), "CSeq: 2");
      assertThat(pathOnly.status() + " " + pathOnly.reason()).as("a token for the path alone would admit any origin's")
          .isEqualTo("403 viewer token is not valid for " + hostAndPath);
    }
    try (RawRtsp raw = new RawRtsp(proxy.port())) {
      RawRtsp.Reply prefix = raw.request("DESCRIBE", proxy.via(live) + token(hostAndPath, inSeconds(60), null), "CSeq: 1");
      assertThat(prefix.status()).as("the same token in the URL-prefix form").isEqualTo(200);
    }
  }

  @Test
  void gstRtspsrcPlaysWithAMintedToken() throws Exception {
    // rtspsrc builds SETUP and PLAY URLs from Content-Base too: the DESCRIBE's token admits them
    URI good = URI.create(cam(token("/cam", inSeconds(120), null)));
    for (Transport t : Transport.values()) {
      GstDecode d = GstLaunch.decodeVideo(good, t, 50, Duration.ofSeconds(30));
      assertThat(d.framesDecoded()).as("%s: %s", t, d.describe()).isGreaterThanOrEqualTo(50);
    }
  }
}
