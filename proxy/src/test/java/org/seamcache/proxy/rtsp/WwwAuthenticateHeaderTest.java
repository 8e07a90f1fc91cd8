package org.seamcache.proxy.rtsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class WwwAuthenticateHeaderTest {

  record Case(String name, String wire, WwwAuthenticateHeader value, String canonical) {
    String expectedFormat() {
      return canonical == null ? wire : canonical;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  record ErrorCase(String wire, String message) {}

  private static AuthChallenge challenge(String scheme, String... nameValues) {
    List<HeaderParam> params = new java.util.ArrayList<>();
    for (int i = 0; i < nameValues.length; i += 2) {
      params.add(HeaderParam.of(nameValues[i], nameValues[i + 1]));
    }
    return new AuthChallenge(scheme, params);
  }

  private static WwwAuthenticateHeader header(AuthChallenge... c) {
    return new WwwAuthenticateHeader(List.of(c));
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("RFC 2617 §3.5 example",
            "Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", "
                + "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"",
            header(challenge("Digest", "realm", "\"testrealm@host.com\"", "qop", "\"auth,auth-int\"",
                "nonce", "\"dcd98b7102dd2f0e8b11d0f600bfb0c093\"", "opaque", "\"5ccc069c403ebaf9f0171e9517f40e41\"")),
            null),
        new Case("Basic", "Basic realm=\"IP Camera(21865)\"",
            header(challenge("Basic", "realm", "\"IP Camera(21865)\"")), null),
        new Case("Digest then Basic in one header, no qop (live555, Hikvision style)",
            "Digest realm=\"LIVE555 Streaming Media\", nonce=\"a5f8f3c4\", stale=FALSE, Basic realm=\"LIVE555\"",
            header(challenge("Digest", "realm", "\"LIVE555 Streaming Media\"", "nonce", "\"a5f8f3c4\"",
                "stale", "FALSE"), challenge("Basic", "realm", "\"LIVE555\"")), null),
        new Case("SHA-256 and MD5 as separate challenges, odd spacing",
            "Digest realm=\"r\",nonce=\"n1\" ,algorithm=SHA-256,Digest realm = \"r\", nonce=\"n2\", algorithm=MD5",
            header(challenge("Digest", "realm", "\"r\"", "nonce", "\"n1\"", "algorithm", "SHA-256"),
                challenge("Digest", "realm", "\"r\"", "nonce", "\"n2\"", "algorithm", "MD5")),
            "Digest realm=\"r\", nonce=\"n1\", algorithm=SHA-256, Digest realm=\"r\", nonce=\"n2\", algorithm=MD5"),
        new Case("bare scheme, then a challenge with an escaped quote",
            "Negotiate, Basic realm=\"say \\\"hi\\\"\"",
            header(new AuthChallenge("Negotiate", List.of()), challenge("Basic", "realm", "\"say \\\"hi\\\"\"")),
            null));
  }

  static Stream<ErrorCase> errors() {
    return Stream.of(
        new ErrorCase("Basic realm=\"a\nb\"", "WWW-Authenticate: value must not contain control characters such as CR or LF (RFC 2326 §15.1), found 0xa at 14"),
        new ErrorCase("", "WWW-Authenticate: header must hold at least one challenge"),
        new ErrorCase("=x", "WWW-Authenticate: auth-scheme must be a token (RFC 7235 §2.1), at 0 in '=x'"),
        new ErrorCase("Digest realm=",
            "WWW-Authenticate: auth-param realm needs a token or quoted-string value (RFC 7235 §2.1), "
                + "at 13 in 'Digest realm='"),
        new ErrorCase("Digest realm=\"open",
            "WWW-Authenticate: quoted-string is not closed (RFC 7235 §2.1), at 18 in 'Digest realm=\"open'"),
        new ErrorCase("Basic realm=\"a\" \"b\"",
            "WWW-Authenticate: auth-params must be separated by commas (RFC 7235 §2.1), "
                + "at 16 in 'Basic realm=\"a\" \"b\"'"),
        new ErrorCase("Negotiate abc==",
            "WWW-Authenticate: auth-param abc needs a token or quoted-string value (RFC 7235 §2.1), "
                + "at 14 in 'Negotiate abc=='"));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void parses(Case c) throws Exception {
    assertThat(WwwAuthenticateHeader.parse(c.wire())).isEqualTo(c.value());
  }

  @ParameterizedTest
  @MethodSource("cases")
  void formats(Case c) throws Exception {
    assertThat(c.value().format()).isEqualTo(c.expectedFormat());
    assertThat(WwwAuthenticateHeader.parse(c.expectedFormat())).isEqualTo(c.value());
  }

  @ParameterizedTest
  @MethodSource("errors")
  void rejects(ErrorCase e) {
    assertThatThrownBy(() -> WwwAuthenticateHeader.parse(e.wire()))
        .isInstanceOf(RtspHeaderException.class)
        .hasMessage(e.message());
  }

  @Test
  void readsTheDigestFieldsOfTheRfcExample() throws Exception {
    DigestChallenge d = WwwAuthenticateHeader.parse(cases().findFirst().orElseThrow().wire()).digest().orElseThrow();
    assertThat(d).isEqualTo(new DigestChallenge("testrealm@host.com", "dcd98b7102dd2f0e8b11d0f600bfb0c093",
        Optional.of("5ccc069c403ebaf9f0171e9517f40e41"), Optional.empty(), List.of("auth", "auth-int"), false));
    assertThat(d.effectiveAlgorithm()).isEqualTo(DigestAlgorithm.MD5);
  }

  @Test
  void repeatedHeadersFormOneListAndTheFirstSupportedDigestWins() throws Exception {
    WwwAuthenticateHeader h = WwwAuthenticateHeader.parseAll(List.of(
        "Digest realm=\"r\", nonce=\"n0\", algorithm=SHA-512-256",
        "Digest realm=\"r\", nonce=\"n1\", algorithm=MD5-sess, qop=\"auth\", stale=true",
        "Basic realm=\"r\""));
    assertThat(h.challenges()).hasSize(3);
    DigestChallenge d = h.digest().orElseThrow();
    assertThat(d.nonce()).isEqualTo("n1");
    assertThat(d.algorithm()).contains(DigestAlgorithm.MD5_SESS);
    assertThat(d.qop()).containsExactly("auth");
    assertThat(d.stale()).isTrue();
    assertThat(h.basic()).map(AuthChallenge::realm).contains(Optional.of("r"));
  }

  @Test
  void digestChallengeErrorsNameTheMissingField() {
    assertThatThrownBy(() -> DigestChallenge.from(challenge("Digest", "realm", "\"r\"")))
        .hasMessage("WWW-Authenticate: Digest challenge needs nonce (RFC 2617 §3.2.1)");
    assertThatThrownBy(() -> DigestChallenge.from(challenge("Digest", "nonce", "\"n\"")))
        .hasMessage("WWW-Authenticate: Digest challenge needs realm (RFC 2617 §3.2.1)");
    assertThatThrownBy(() -> DigestChallenge.from(challenge("Digest", "realm", "r", "nonce", "n", "algorithm", "X")))
        .hasMessage("WWW-Authenticate: Digest algorithm must be MD5, MD5-sess, SHA-256 or SHA-256-sess, got 'X'");
    assertThatThrownBy(() -> DigestChallenge.from(challenge("Basic", "realm", "r")))
        .hasMessage("WWW-Authenticate: expected a Digest challenge, got Basic");
  }
}
