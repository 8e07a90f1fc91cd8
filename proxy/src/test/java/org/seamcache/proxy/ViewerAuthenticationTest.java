package org.seamcache.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.seamcache.proxy.e2e.Ffprobe;
import org.seamcache.proxy.e2e.OriginServer;
import org.seamcache.proxy.e2e.StreamCounts;
import org.seamcache.proxy.e2e.Transport;
import org.seamcache.proxy.route.Cidr;
import org.seamcache.proxy.server.ViewerAccess;

/**
 * Viewers must authenticate to the proxy when users are configured (Digest, as ffmpeg answers it),
 * and come from an allowed network.
 */
class ViewerAuthenticationTest {
  @RegisterExtension static OriginServer origin = OriginServer.builder().build();

  @RegisterExtension
  static RunningProxy proxy = RunningProxy.allowingLoopback()
      .viewers(new ViewerAccess(List.of(Cidr.parse("127.0.0.1/32")), Map.of("alice", "s3cret"), false, System::currentTimeMillis));

  private static URI as(String userInfo) {
    URI via = proxy.via(origin.liveUri());
    return URI.create(via.toString().replace("rtsp://", "rtsp://" + userInfo + "@"));
  }

  @Test
  void ffmpegWithTheRightCredentialsPlaysAndWithoutThemGetsNothing() {
    StreamCounts ok = Ffprobe.countFrames(as("alice:s3cret"), Transport.TCP, 2, Duration.ofSeconds(30));
    assertThat(ok.video()).as(ok.run().toString()).isGreaterThan(20);
    StreamCounts wrong = Ffprobe.countFrames(as("alice:guess"), Transport.TCP, 2, Duration.ofSeconds(30));
    assertThat(wrong.video()).as(wrong.run().toString()).isZero();
    assertThat(wrong.run().stderr()).contains("401");
    StreamCounts none = Ffprobe.countFrames(proxy.via(origin.liveUri()), Transport.UDP, 2, Duration.ofSeconds(30));
    assertThat(none.video()).isZero();
  }

  @Test
  void theChallengeIsDigestAndOtherAddressesAreRefused() throws Exception {
    try (RawRtsp raw = new RawRtsp(proxy.port())) {
      assertThat(raw.request("OPTIONS", "*", "CSeq: 1").status()).isEqualTo(200);
      RawRtsp.Reply r = raw.request("DESCRIBE", proxy.via(origin.liveUri()).toString(), "CSeq: 2");
      assertThat(r.status()).isEqualTo(401);
      assertThat(r.header("WWW-Authenticate")).startsWith("Digest realm=\"seamcache\", nonce=\"").contains("qop=\"auth\"");
    }
    try (RawRtsp other = new RawRtsp(proxy.port(), "127.0.0.2")) {
      RawRtsp.Reply r = other.request("OPTIONS", "*", "CSeq: 1");
      assertThat(r.status()).isEqualTo(403);
      assertThat(r.reason()).isEqualTo("viewer address 127.0.0.2 is not allowed");
    }
  }

  @Test
  void aClientUsingTheProxyAsItsProxyIsAskedWith407AndAnswersInProxyAuthorization() throws Exception {
    String uri = origin.liveUri().toString(); // RTSP proxy semantics: the Request-URI names the origin
    try (RawRtsp raw = new RawRtsp(proxy.port())) {
      RawRtsp.Reply asked = raw.request("DESCRIBE", uri, "CSeq: 1");
      assertThat(asked.status()).isEqualTo(407);
      assertThat(asked.header("Proxy-Authenticate")).startsWith("Digest realm=\"seamcache\"");
      assertThat(asked.header("WWW-Authenticate")).isNull();
      var challenge = org.seamcache.proxy.rtsp.WwwAuthenticateHeader.parse(asked.header("Proxy-Authenticate")).digest().orElseThrow();
      String answer = org.seamcache.proxy.rtsp.DigestAuthorization.withRandomCnonce(
          new org.seamcache.proxy.rtsp.Credentials("alice", "s3cret"), challenge).authorize("DESCRIBE", uri);
      RawRtsp.Reply in = raw.request("DESCRIBE", uri, "CSeq: 2", "Proxy-Authorization: " + answer);
      assertThat(in.status()).as(in.reason()).isEqualTo(200);
      assertThat(in.body()).contains("m=video");
      RawRtsp.Reply wrong = raw.request("DESCRIBE", uri, "CSeq: 3", "Proxy-Authorization: " + answer.replace("alice", "mallory"));
      assertThat(wrong.status()).isEqualTo(407);
    }
  }
}
