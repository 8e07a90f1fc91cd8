package org.seamcache.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.seamcache.proxy.e2e.Ffprobe;
import org.seamcache.proxy.e2e.OriginServer;
import org.seamcache.proxy.e2e.StreamCounts;
import org.seamcache.proxy.e2e.Transport;

/**
 * Origins that demand credentials (gst-rtsp-server's own Digest and Basic): a route that carries
 * them plays; one without gets the origin's 401, passed on to the viewer.
 */
class OriginAuthenticationTest {
  @RegisterExtension
  static OriginServer digest = OriginServer.builder().extraArgs("--auth", "alice:s3cret", "--auth-method", "digest").build();

  @RegisterExtension
  static OriginServer basic = OriginServer.builder().extraArgs("--auth", "bob:pa55", "--auth-method", "basic").build();

  @RegisterExtension
  static RunningProxy proxy =
      RunningProxy.allowingLoopback()
          .route("digest", () -> withUser(digest.vodVideoUri(), "alice:s3cret"))
          .route("basic", () -> withUser(basic.vodVideoUri(), "bob:pa55"))
          .route("nocreds", () -> digest.vodVideoUri())
          .route("nocreds-basic", () -> basic.vodVideoUri())
          .route("wrongcreds", () -> withUser(digest.vodVideoUri(), "alice:guess"));

  private static URI withUser(URI uri, String userInfo) {
    return URI.create(uri.toString().replace("rtsp://", "rtsp://" + userInfo + "@"));
  }

  @Test
  void digestAndBasicOriginsPlayThroughARouteWithCredentials() {
    for (String route : new String[] {"digest", "basic"}) {
      StreamCounts c = Ffprobe.countFrames(proxy.route(route), Transport.TCP, 2, Duration.ofSeconds(30));
      assertThat(c.video()).as("%s: %s", route, c.run()).isGreaterThanOrEqualTo(40);
    }
  }

  @Test
  void withoutCredentialsTheOriginsRefusalReachesTheViewerWithItsChallenge() throws Exception {
    try (RawRtsp c = new RawRtsp(proxy.port())) {
      RawRtsp.Reply d = c.request("DESCRIBE", proxy.route("nocreds").toString(), "CSeq: 1");
      assertThat(d.status()).isEqualTo(401);
      assertThat(d.header("WWW-Authenticate")).as("the origin's own challenge, so the player can ask its user")
          .startsWith("Digest ").contains("realm=").contains("nonce=");
      RawRtsp.Reply b = c.request("DESCRIBE", proxy.route("nocreds-basic").toString(), "CSeq: 2");
      assertThat(b.status()).isEqualTo(401);
      assertThat(b.header("WWW-Authenticate")).startsWith("Basic realm=");
      RawRtsp.Reply w = c.request("DESCRIBE", proxy.route("wrongcreds").toString(), "CSeq: 3");
      assertThat(w.status()).isEqualTo(401);
      assertThat(w.header("WWW-Authenticate")).as("the route's own credentials failed: the viewer cannot help").isNull();
    }
  }

  @Test
  void aViewersBasicAnswerToTheOriginsChallengeIsRelayedAndKeepsTheContentItsOwn() throws Exception {
    String url = proxy.route("nocreds-basic").toString();
    String right = "Authorization: Basic " + java.util.Base64.getEncoder().encodeToString("bob:pa55".getBytes());
    String wrong = "Authorization: Basic " + java.util.Base64.getEncoder().encodeToString("bob:guess".getBytes());
    try (RawRtsp c = new RawRtsp(proxy.port())) {
      assertThat(c.request("DESCRIBE", url, "CSeq: 1").status()).isEqualTo(401);
      RawRtsp.Reply ok = c.request("DESCRIBE", url, "CSeq: 2", right);
      assertThat(ok.status()).as(ok.reason()).isEqualTo(200);
      assertThat(ok.body()).contains("m=video");
      assertThat(c.request("DESCRIBE", url, "CSeq: 3", wrong).status()).as("another password: the origin is asked again").isEqualTo(401);
      assertThat(c.request("DESCRIBE", url, "CSeq: 4").status()).as("no credentials: not let in by the earlier viewer's").isEqualTo(401);
    }
    URI withUser = URI.create(url.replace("rtsp://", "rtsp://bob:pa55@"));
    StreamCounts played = Ffprobe.countFrames(withUser, Transport.TCP, 2, Duration.ofSeconds(30));
    assertThat(played.video()).as("ffmpeg answers the passed-on challenge: %s", played.run()).isGreaterThanOrEqualTo(40);
  }
}
