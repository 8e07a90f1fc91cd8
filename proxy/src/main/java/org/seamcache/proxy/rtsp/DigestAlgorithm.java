package org.seamcache.proxy.rtsp;

import java.util.Locale;
import java.util.Optional;

/**
 * The Digest algorithms we can answer (RFC 2617, RFC 7616 §3.3); {@code -sess} variants hash the cnonce in.
 * Immutable.
 */
public enum DigestAlgorithm {
  MD5("MD5", "MD5", false),
  MD5_SESS("MD5-sess", "MD5", true),
  SHA_256("SHA-256", "SHA-256", false),
  SHA_256_SESS("SHA-256-sess", "SHA-256", true);

  private final String token;
  private final String jcaName;
  private final boolean session;

  DigestAlgorithm(String token, String jcaName, boolean session) {
    this.token = token;
    this.jcaName = jcaName;
    this.session = session;
  }

  /** The name on the wire, e.g. {@code MD5-sess}. */
  public String token() {
    return token;
  }

  String jcaName() {
    return jcaName;
  }

  boolean isSession() {
    return session;
  }

  /** Case-insensitive lookup by wire name. */
  public static Optional<DigestAlgorithm> fromToken(String token) {
    for (DigestAlgorithm a : values()) {
      if (a.token.toLowerCase(Locale.ROOT).equals(token.toLowerCase(Locale.ROOT))) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }
}
