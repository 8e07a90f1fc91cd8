package org.seamcache.proxy.rtsp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * Answers one Digest challenge (RFC 2617 §3.2.2, RFC 7616 §3.4) for every request on an upstream connection.
 *
 * <pre>
 * HA1      = H(username ":" realm ":" password)            (-sess: H(H(...) ":" nonce ":" cnonce))
 * HA2      = H(method ":" request-uri)
 * response = H(HA1 ":" nonce ":" nc ":" cnonce ":" qop ":" HA2)    with qop=auth
 *          = H(HA1 ":" nonce ":" HA2)                              when the server offered no qop
 * </pre>
 *
 * <p>With qop, the nonce count {@code nc} goes up by one per request, so each {@link #authorize} call is a new
 * request. One cnonce is chosen per instance (it enters HA1 for the -sess algorithms). When the server answers
 * 401 with {@code stale=true}, make a new instance from the new challenge. Not thread-safe: confine to the
 * connection's event loop.
 */
public final class DigestAuthorization {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Credentials credentials;
  private final DigestChallenge challenge;
  private final String cnonce;
  private final String qop; // "auth", "auth-int" or null for RFC 2069 style
  private int nonceCount;

  /** {@code cnonce} is fixed for tests; use {@link #withRandomCnonce} otherwise. */
  public DigestAuthorization(Credentials credentials, DigestChallenge challenge, String cnonce) {
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    this.challenge = Objects.requireNonNull(challenge, "challenge");
    this.cnonce = Objects.requireNonNull(cnonce, "cnonce");
    if (challenge.qop().contains("auth")) {
      qop = "auth";
    } else if (challenge.qop().contains("auth-int")) {
      qop = "auth-int"; // RTSP requests we send carry no body: H(entity-body) is H("")
    } else {
      qop = null;
    }
  }

  public static DigestAuthorization withRandomCnonce(Credentials credentials, DigestChallenge challenge) {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return new DigestAuthorization(credentials, challenge, HexFormat.of().formatHex(b));
  }

  public DigestChallenge challenge() {
    return challenge;
  }

  /**
   * The Authorization header value for the next request ({@code method} such as {@code DESCRIBE},
   * {@code requestUri} exactly as on the request line). Bodies are not supported: a request with a body
   * under qop=auth-int would need its hash.
   */
  public String authorize(String method, String requestUri) {
    String nc = null;
    if (qop != null) {
      nonceCount++;
      nc = String.format(Locale.ROOT, "%08x", nonceCount);
    }
    String response = response(method, requestUri, nc);
    StringBuilder sb = new StringBuilder("Digest ");
    sb.append("username=").append(QuotedText.quote(credentials.username()));
    sb.append(", realm=").append(QuotedText.quote(challenge.realm()));
    sb.append(", nonce=").append(QuotedText.quote(challenge.nonce()));
    sb.append(", uri=").append(QuotedText.quote(requestUri));
    challenge.algorithm().ifPresent(a -> sb.append(", algorithm=").append(a.token()));
    if (qop != null) {
      sb.append(", qop=").append(qop).append(", nc=").append(nc);
      sb.append(", cnonce=").append(QuotedText.quote(cnonce));
    }
    sb.append(", response=").append(QuotedText.quote(response));
    challenge.opaque().ifPresent(o -> sb.append(", opaque=").append(QuotedText.quote(o)));
    return sb.toString();
  }

  /** The request-digest for one request; {@code nc} is the 8-hex-digit nonce count, or null without qop. */
  String response(String method, String requestUri, String nc) {
    DigestAlgorithm algorithm = challenge.effectiveAlgorithm();
    String ha1 = hash(algorithm, credentials.username() + ":" + challenge.realm() + ":" + credentials.password());
    if (algorithm.isSession()) {
      ha1 = hash(algorithm, ha1 + ":" + challenge.nonce() + ":" + cnonce);
    }
    String a2 = method + ":" + requestUri;
    if ("auth-int".equals(qop)) {
      a2 += ":" + hash(algorithm, "");
    }
    String ha2 = hash(algorithm, a2);
    if (qop == null) {
      return hash(algorithm, ha1 + ":" + challenge.nonce() + ":" + ha2);
    }
    return hash(algorithm, ha1 + ":" + challenge.nonce() + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2);
  }

  private static String hash(DigestAlgorithm algorithm, String text) {
    try {
      MessageDigest md = MessageDigest.getInstance(algorithm.jcaName());
      return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides MD5 and SHA-256", e);
    }
  }
}
