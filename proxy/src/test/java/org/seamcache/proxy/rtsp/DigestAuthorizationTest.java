package org.seamcache.proxy.rtsp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Known answers computed independently (Python hashlib) from the RFC examples and our own inputs. */
class DigestAuthorizationTest {

  private static final DigestChallenge RFC2617 = new DigestChallenge("testrealm@host.com",
      "dcd98b7102dd2f0e8b11d0f600bfb0c093", Optional.of("5ccc069c403ebaf9f0171e9517f40e41"), Optional.empty(),
      List.of("auth", "auth-int"), false);
  private static final Credentials MUFASA = new Credentials("Mufasa", "Circle Of Life");

  @Test
  void answersTheRfc2617WorkedExample() {
    DigestAuthorization auth = new DigestAuthorization(MUFASA, RFC2617, "0a4f113b");
    assertThat(auth.authorize("GET", "/dir/index.html")).isEqualTo("Digest username=\"Mufasa\", "
        + "realm=\"testrealm@host.com\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", uri=\"/dir/index.html\", "
        + "qop=auth, nc=00000001, cnonce=\"0a4f113b\", response=\"6629fae49393a05397450978507c4ef1\", "
        + "opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"");
  }

  @Test
  void countsNoncesPerRequestAndHashesTheCnonceInForMd5Sess() {
    DigestChallenge sess = new DigestChallenge(RFC2617.realm(), RFC2617.nonce(), Optional.empty(),
        Optional.of(DigestAlgorithm.MD5_SESS), List.of("auth"), false);
    DigestAuthorization auth = new DigestAuthorization(MUFASA, sess, "0a4f113b");
    assertThat(auth.authorize("DESCRIBE", "rtsp://h/vod")).contains("nc=00000001");
    String second = auth.authorize("PLAY", "rtsp://h/vod/");
    assertThat(second).contains(", algorithm=MD5-sess, ", ", nc=00000002, ",
        ", response=\"4ddcc15269ae9705a8903719b5bf2452\"").doesNotContain("opaque");
  }

  @Test
  void answersWithoutQopWhenNoneIsOffered() {
    DigestChallenge noQop = new DigestChallenge("GStreamer Server", "0a1b2c3d4e5f", Optional.empty(),
        Optional.empty(), List.of(), false);
    DigestAuthorization auth = new DigestAuthorization(new Credentials("admin", "s3cret"), noQop, "unused");
    String expected = "Digest username=\"admin\", realm=\"GStreamer Server\", nonce=\"0a1b2c3d4e5f\", "
        + "uri=\"rtsp://127.0.0.1:8554/vod\", response=\"8a4c2c2b8b61712c9decf6ec7847244f\"";
    assertThat(auth.authorize("DESCRIBE", "rtsp://127.0.0.1:8554/vod")).isEqualTo(expected);
    assertThat(auth.authorize("DESCRIBE", "rtsp://127.0.0.1:8554/vod")).isEqualTo(expected); // no nc to count
  }

  @Test
  void answersTheRfc7616ExamplesForSha256AndMd5() throws Exception {
    String cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
    WwwAuthenticateHeader h = WwwAuthenticateHeader.parse(
        "Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm=SHA-256, "
            + "nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", "
            + "opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\", "
            + "Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm=MD5, "
            + "nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", "
            + "opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"");
    Credentials mufasa = new Credentials("Mufasa", "Circle of Life");
    DigestChallenge sha = DigestChallenge.from(h.challenges().get(0));
    DigestChallenge md5 = DigestChallenge.from(h.challenges().get(1));
    assertThat(new DigestAuthorization(mufasa, sha, cnonce).authorize("GET", "/dir/index.html"))
        .contains("algorithm=SHA-256", "response=\"753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1\"");
    assertThat(new DigestAuthorization(mufasa, md5, cnonce).authorize("GET", "/dir/index.html"))
        .contains("algorithm=MD5", "response=\"8ca523f5e9506fed4657c9700eebdbec\"");
  }

  @Test
  void randomCnoncesDiffer() {
    String a = DigestAuthorization.withRandomCnonce(MUFASA, RFC2617).authorize("OPTIONS", "*");
    String b = DigestAuthorization.withRandomCnonce(MUFASA, RFC2617).authorize("OPTIONS", "*");
    assertThat(a).isNotEqualTo(b).matches(".*cnonce=\"[0-9a-f]{32}\".*");
  }

  @Test
  void basicEncodesUserAndPassword() {
    assertThat(BasicAuthorization.format(new Credentials("Aladdin", "open sesame")))
        .isEqualTo("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
  }

  @Test
  void credentialsNeverPrintThePassword() {
    assertThat(MUFASA.toString()).contains("Mufasa").doesNotContain("Circle");
  }
}
