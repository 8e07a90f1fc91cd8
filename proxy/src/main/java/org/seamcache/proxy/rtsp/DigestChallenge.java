package org.seamcache.proxy.rtsp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A Digest challenge (RFC 2617 §3.2.1, RFC 7616 §3.3) with the fields needed to answer it. {@link #algorithm()}
 * is empty when the server did not name one (then MD5 applies and none is echoed back). Immutable.
 */
public record DigestChallenge(
    String realm,
    String nonce,
    Optional<String> opaque,
    Optional<DigestAlgorithm> algorithm,
    List<String> qop,
    boolean stale) {

  private static final String H = "WWW-Authenticate";

  public DigestChallenge {
    Objects.requireNonNull(realm, "realm");
    Objects.requireNonNull(nonce, "nonce");
    Objects.requireNonNull(opaque, "opaque");
    Objects.requireNonNull(algorithm, "algorithm");
    qop = List.copyOf(qop);
  }

  /** Reads a {@code Digest} challenge; fails if realm or nonce is missing or the algorithm is not supported. */
  public static DigestChallenge from(AuthChallenge c) throws RtspHeaderException {
    if (!c.isScheme("Digest")) {
      throw RtspHeaderException.badRequest(H + ": expected a Digest challenge, got " + c.scheme());
    }
    String realm = c.realm().orElseThrow(
        () -> RtspHeaderException.badRequest(H + ": Digest challenge needs realm (RFC 2617 §3.2.1)"));
    String nonce = c.param("nonce").orElseThrow(
        () -> RtspHeaderException.badRequest(H + ": Digest challenge needs nonce (RFC 2617 §3.2.1)"));
    Optional<DigestAlgorithm> algorithm = Optional.empty();
    Optional<String> a = c.param("algorithm");
    if (a.isPresent()) {
      algorithm = DigestAlgorithm.fromToken(a.get());
      if (algorithm.isEmpty()) {
        throw RtspHeaderException.badRequest(
            H + ": Digest algorithm must be MD5, MD5-sess, SHA-256 or SHA-256-sess, got '" + a.get() + "'");
      }
    }
    List<String> qop = new ArrayList<>();
    for (String q : c.param("qop").orElse("").split(",")) {
      if (!q.isBlank()) {
        qop.add(q.trim().toLowerCase(Locale.ROOT));
      }
    }
    boolean stale = c.param("stale").map(s -> s.equalsIgnoreCase("true")).orElse(false);
    return new DigestChallenge(realm, nonce, c.param("opaque"), algorithm, qop, stale);
  }

  /** The algorithm to hash with: the one named, or MD5. */
  public DigestAlgorithm effectiveAlgorithm() {
    return algorithm.orElse(DigestAlgorithm.MD5);
  }
}
