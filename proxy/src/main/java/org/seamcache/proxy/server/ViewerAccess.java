package org.seamcache.proxy.server;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.seamcache.proxy.route.Cidr;
import org.seamcache.proxy.rtsp.AuthChallenge;
import org.seamcache.proxy.rtsp.Credentials;
import org.seamcache.proxy.rtsp.DigestCheck;
import org.seamcache.proxy.rtsp.RtspHeaderException;
import org.seamcache.proxy.rtsp.WwwAuthenticateHeader;

/**
 * Who may use the proxy as a viewer: addresses in an allow-list (empty: any), and, when users are
 * configured, only requests that authenticate as one of them (Digest by default, RFC 2617/7616 with
 * MD5 or SHA-256 and qop=auth; Basic only if chosen, since it sends the password in clear). OPTIONS
 * needs no credentials (clients ask it first). Nonces are stateless: the time they were made and an
 * HMAC of it under a per-process secret; older than {@link #NONCE_LIFETIME_MILLIS} they are answered
 * {@code stale=true}, so clients retry without asking the user. Immutable; thread-safe.
 */
public final class ViewerAccess {
  static final String REALM = "seamcache";
  static final long NONCE_LIFETIME_MILLIS = 5 * 60_000L;

  /** What a refused request is answered with. */
  public record Refusal(int status, String reason, Optional<String> challenge) {}

  /** Anyone may watch: no allow-list, no users. */
  public static final ViewerAccess OPEN = new ViewerAccess(List.of(), Map.of(), false, System::currentTimeMillis);

  private final List<Cidr> allowed;
  private final Map<String, String> users;
  private final boolean basic;
  private final LongSupplier millis;
  private final byte[] secret = new byte[32];

  /**
   * @param allowed viewer networks (empty: any address)
   * @param users name to password (empty: no authentication)
   * @param basic Basic instead of Digest
   */
  public ViewerAccess(List<Cidr> allowed, Map<String, String> users, boolean basic, LongSupplier millis) {
    this.allowed = List.copyOf(allowed);
    this.users = Map.copyOf(users);
    this.basic = basic;
    this.millis = millis;
    new SecureRandom().nextBytes(secret);
  }

  public boolean restricted() {
    return !allowed.isEmpty() || !users.isEmpty();
  }

  /** Empty when the request may go on; else how to refuse it. */
  public Optional<Refusal> check(InetAddress client, String method, String requestUri, String authorization) {
    if (!allowed.isEmpty() && allowed.stream().noneMatch(c -> c.contains(client))) {
      return Optional.of(new Refusal(403, "viewer address " + client.getHostAddress() + " is not allowed", Optional.empty()));
    }
    if (users.isEmpty() || method.equals("OPTIONS")) {
      return Optional.empty();
    }
    if (authorization == null) {
      return Optional.of(challenge("credentials required", false));
    }
    if (basic) {
      return basicOk(authorization) ? Optional.empty() : Optional.of(challenge("wrong user name or password", false));
    }
    AuthChallenge answer;
    try {
      answer = WwwAuthenticateHeader.parse(authorization).challenges().get(0); // the same auth-param syntax
    } catch (RtspHeaderException | RuntimeException e) {
      return Optional.of(challenge("unreadable Authorization header", false));
    }
    Optional<DigestCheck.Answer> digest = DigestCheck.Answer.of(answer);
    if (digest.isEmpty() || !digest.get().realm().equals(REALM)) {
      return Optional.of(challenge("Digest credentials for realm " + REALM + " required", false));
    }
    DigestCheck.Answer d = digest.get();
    String password = users.get(d.username());
    if (password == null || !sameUri(d.uri(), requestUri) || !DigestCheck.matches(d, new Credentials(d.username(), password), method)) {
      return Optional.of(challenge("wrong user name or password", false));
    }
    long age = nonceAge(d.nonce());
    if (age < 0) {
      return Optional.of(challenge("unknown nonce", false));
    }
    if (age > NONCE_LIFETIME_MILLIS) {
      return Optional.of(challenge("nonce expired", true));
    }
    return Optional.empty();
  }

  private boolean basicOk(String authorization) {
    String[] parts = authorization.trim().split("\\s+", 2);
    if (parts.length != 2 || !parts[0].equalsIgnoreCase("Basic")) {
      return false;
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return false;
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return false;
    }
    String password = users.get(decoded.substring(0, colon));
    return password != null && MessageDigest.isEqual(password.getBytes(StandardCharsets.UTF_8),
        decoded.substring(colon + 1).getBytes(StandardCharsets.UTF_8));
  }

  /** The digest's uri names the requested resource (clients differ on a trailing slash). */
  private static boolean sameUri(String digestUri, String requestUri) {
    return strip(digestUri).equals(strip(requestUri));
  }

  private static String strip(String u) {
    return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
  }

  private Refusal challenge(String why, boolean stale) {
    String header = basic
        ? "Basic realm=\"" + REALM + "\""
        : "Digest realm=\"" + REALM + "\", nonce=\"" + nonce() + "\", algorithm=MD5, qop=\"auth\"" + (stale ? ", stale=true" : "");
    return new Refusal(401, why, Optional.of(header));
  }

  private String nonce() {
    String time = Long.toHexString(millis.getAsLong());
    return time + "." + mac(time);
  }

  /** Milliseconds since the nonce was made here, or -1 if it was not made here. */
  private long nonceAge(String nonce) {
    int dot = nonce.indexOf('.');
    if (dot <= 0) {
      return -1;
    }
    String time = nonce.substring(0, dot);
    if (!MessageDigest.isEqual(mac(time).getBytes(StandardCharsets.US_ASCII), nonce.substring(dot + 1).getBytes(StandardCharsets.US_ASCII))) {
      return -1;
    }
    try {
      return Math.max(0, millis.getAsLong() - Long.parseLong(time, 16));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private String mac(String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.US_ASCII)), 0, 16);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ViewerAccess v && v.allowed.equals(allowed) && v.users.equals(users) && v.basic == basic;
  }

  @Override
  public int hashCode() {
    return allowed.hashCode() * 31 + users.keySet().hashCode() + (basic ? 1 : 0);
  }

  @Override
  public String toString() {
    return (allowed.isEmpty() ? "any address" : "addresses " + allowed) + (users.isEmpty() ? ", no credentials"
        : ", " + users.size() + " user(s) by " + (basic ? "Basic" : "Digest"));
  }
}
