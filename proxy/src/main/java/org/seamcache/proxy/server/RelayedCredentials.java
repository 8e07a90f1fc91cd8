package org.seamcache.proxy.server;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * A viewer's own answer to an origin's challenge, made into the origin URL's credentials: a route
 * without credentials passes the origin's 401 on, and a player that answers it with Basic
 * ({@code Authorization: Basic user:password}) has given the password for that origin. Put in the
 * URL as {@code user:password@}, it is used as a route's credentials are, only when the origin
 * asks (Basic or Digest), and it makes the content private to those credentials (see
 * {@link org.seamcache.proxy.route.ContentKeys}), so no other viewer gets in with them. A Digest
 * answer cannot be relayed: it is bound to the proxy's URL and to a nonce of the origin connection
 * that was refused. Stateless.
 */
final class RelayedCredentials {
  private RelayedCredentials() {}

  /** {@code origin} with the Basic credentials of {@code authorization}, or empty when there are none to relay. */
  static Optional<URI> into(URI origin, String authorization) {
    if (authorization == null || origin.getRawUserInfo() != null) {
      return Optional.empty();
    }
    String[] parts = authorization.trim().split("\\s+", 2);
    if (parts.length != 2 || !parts[0].equalsIgnoreCase("Basic")) {
      return Optional.empty();
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(parts[1].trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    int colon = decoded.indexOf(':');
    if (colon <= 0) {
      return Optional.empty();
    }
    String userInfo = encode(decoded.substring(0, colon)) + ":" + encode(decoded.substring(colon + 1));
    String url = origin.toString();
    int scheme = url.indexOf("://");
    try {
      return Optional.of(new URI(url.substring(0, scheme + 3) + userInfo + "@" + url.substring(scheme + 3)));
    } catch (java.net.URISyntaxException e) {
      return Optional.empty();
    }
  }

  /** Percent-encodes all but RFC 3986's unreserved characters (userinfo is decoded where it is read). */
  private static String encode(String s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xFF;
      if (c < 0x80 && (Character.isLetterOrDigit(c) || c == '-' || c == '.' || c == '_' || c == '~')) {
        out.write(c);
      } else {
        out.writeBytes(String.format("%%%02X", c).getBytes(StandardCharsets.US_ASCII));
      }
    }
    return out.toString(StandardCharsets.US_ASCII);
  }
}
