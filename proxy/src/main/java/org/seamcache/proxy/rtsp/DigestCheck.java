package org.seamcache.proxy.rtsp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;

/**
 * The server side of Digest (RFC 2617, RFC 7616): whether a viewer's {@code Authorization: Digest}
 * answer was computed from the right password, by the same arithmetic the proxy's client side uses
 * towards origins. Stateless.
 */
public final class DigestCheck {
  private DigestCheck() {}

  /** The fields a Digest answer must carry, read from its parameters; empty when one is missing or unsupported. */
  public record Answer(String username, String realm, String nonce, String uri, String response, Optional<DigestAlgorithm> algorithm,
      Optional<String> qop, Optional<String> nc, Optional<String> cnonce) {

    public static Optional<Answer> of(AuthChallenge a) {
      if (!a.isScheme("Digest")) {
        return Optional.empty();
      }
      Optional<String> user = a.param("username");
      Optional<String> realm = a.param("realm");
      Optional<String> nonce = a.param("nonce");
      Optional<String> uri = a.param("uri");
      Optional<String> response = a.param("response");
      if (user.isEmpty() || realm.isEmpty() || nonce.isEmpty() || uri.isEmpty() || response.isEmpty()) {
        return Optional.empty();
      }
      Optional<DigestAlgorithm> algorithm = Optional.empty();
      if (a.param("algorithm").isPresent()) {
        algorithm = DigestAlgorithm.fromToken(a.param("algorithm").get());
        if (algorithm.isEmpty() || algorithm.get().isSession()) {
          return Optional.empty(); // -sess needs the server to keep cnonces: not offered, not accepted
        }
      }
      Optional<String> qop = a.param("qop");
      if (qop.isPresent() && (!qop.get().equals("auth") || a.param("nc").isEmpty() || a.param("cnonce").isEmpty())) {
        return Optional.empty(); // we offer qop=auth only; auth-int would need the body's hash
      }
      return Optional.of(new Answer(user.get(), realm.get(), nonce.get(), uri.get(), response.get(), algorithm, qop, a.param("nc"),
          a.param("cnonce")));
    }
  }

  /** Whether {@code answer} was computed with {@code credentials} for {@code method} (constant time in the digest). */
  public static boolean matches(Answer answer, Credentials credentials, String method) {
    DigestChallenge asked = new DigestChallenge(answer.realm(), answer.nonce(), Optional.empty(), answer.algorithm(),
        answer.qop().map(List::of).orElse(List.of()), false);
    String expected = new DigestAuthorization(credentials, asked, answer.cnonce().orElse("")).response(method, answer.uri(),
        answer.nc().orElse(null));
    return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
        answer.response().toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
  }
}
