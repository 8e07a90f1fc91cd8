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
 * Who may use the proxy as a viewer: addresses in an allow-list (empty: any), when required a
 * signed, unexpired viewer token ({@link ViewerTokens}) in the URL, and, when users are configured,
 * only requests that authenticate as one of them (Digest by default, RFC 2617/7616 with MD5 or
 * SHA-256 and qop=auth; Basic only if chosen, since it sends the password in clear). Each check
 * that is configured must pass. A configured route may have rules of its own ({@link Rules}), which
 * replace the proxy's for requests under it. OPTIONS needs no credentials and no token (clients ask
 * it first). Nonces are stateless: the time they were made and an HMAC of it under a per-process
 * secret; older than {@link #NONCE_LIFETIME_MILLIS} they are answered {@code stale=true}, so clients
 * retry without asking the user. Immutable; thread-safe.
 */
public final class ViewerAccess {
  static final String REALM = "seamcache";
  static final long NONCE_LIFETIME_MILLIS = 5 * 60_000L;

  /**
   * What a refused request is answered with. A 401 carries its challenge as {@code WWW-Authenticate},
   * a 407 as {@code Proxy-Authenticate}.
   */
  public record Refusal(int status, String reason, Optional<String> challenge) {
    /** The header the challenge goes in. */
    public String challengeHeader() {
      return status == 407 ? "Proxy-Authenticate" : "WWW-Authenticate";
    }
  }

  /**
   * One set of viewer rules: the proxy's, or a route's own.
   *
   * @param allowed viewer networks (empty: any address)
   * @param users name to password (empty: no authentication)
   * @param tokenRequired whether a valid viewer token must be shown
   */
  public record Rules(List<Cidr> allowed, Map<String, String> users, boolean tokenRequired) {
    public Rules {
      allowed = List.copyOf(allowed);
      users = Map.copyOf(users);
    }

    @Override
    public String toString() {
      return (allowed.isEmpty() ? "any address" : "addresses " + allowed) + (users.isEmpty() ? ", no credentials" : ", " + users.size()
          + " user(s)") + (tokenRequired ? ", token required" : "");
    }
  }

  /**
   * One viewer request as access control sees it.
   *
   * @param requestUri the Request-URI as sent (a Digest answer names it, token and all)
   * @param routeName the configured route the request is under, or null
   * @param proxyForm whether the request names the origin itself (RTSP proxy semantics, RFC 2326 §1.4)
   * @param token the request's token and path
   * @param tokenGranted whether an earlier token on this connection, or the viewer's own session, already admits it
   * @param clusterGranted whether a cluster token shown earlier on this connection admits it
   */
  record Request(InetAddress client, String method, String requestUri, String routeName, String authorization,
      String proxyAuthorization, boolean proxyForm, TokenQuery token, boolean tokenGranted, boolean clusterGranted) {}

  /** Anyone may watch: no allow-list, no users. */
  public static final ViewerAccess OPEN = new ViewerAccess(List.of(), Map.of(), false, System::currentTimeMillis);

  private final Rules global;
  private final Map<String, Rules> routes;
  private final ViewerTokens tokens;
  private final boolean basic;
  private final LongSupplier millis;
  private final byte[] secret;
  private final ClusterTokens clusterTokens;

  /**
   * @param allowed viewer networks (empty: any address)
   * @param users name to password (empty: no authentication)
   * @param basic Basic instead of Digest
   */
  public ViewerAccess(List<Cidr> allowed, Map<String, String> users, boolean basic, LongSupplier millis) {
    this(new Rules(allowed, users, false), Map.of(), null, basic, millis, freshSecret(), null);
  }

  private ViewerAccess(Rules global, Map<String, Rules> routes, ViewerTokens tokens, boolean basic, LongSupplier millis, byte[] secret,
      ClusterTokens clusterTokens) {
    this.clusterTokens = clusterTokens;
    this.global = global;
    this.routes = Map.copyOf(routes);
    this.tokens = tokens;
    this.basic = basic;
    this.millis = millis;
    this.secret = secret;
  }

  private static byte[] freshSecret() {
    byte[] s = new byte[32];
    new SecureRandom().nextBytes(s);
    return s;
  }

  /** With viewer tokens checked under {@code t} (null: none can be checked), and required of every viewer or not. */
  public ViewerAccess withTokens(ViewerTokens t, boolean required) {
    if (required && t == null) {
      throw new IllegalArgumentException("viewer tokens are required but there is no token secret");
    }
    return new ViewerAccess(new Rules(global.allowed(), global.users(), required), routes, t, basic, millis, secret, clusterTokens);
  }

  /** With the rules of each named route instead of the proxy's for requests under it. */
  public ViewerAccess withRoutes(Map<String, Rules> r) {
    if (tokens == null && r.values().stream().anyMatch(Rules::tokenRequired)) {
      throw new IllegalArgumentException("a route requires viewer tokens but there is no token secret");
    }
    return new ViewerAccess(global, r, tokens, basic, millis, secret, clusterTokens);
  }

  /** With requests from siblings admitted on a valid cluster token under {@code t} (null: this node is in no cluster with a secret). */
  public ViewerAccess withClusterTokens(ClusterTokens t) {
    return t == clusterTokens ? this : new ViewerAccess(global, routes, tokens, basic, millis, secret, t);
  }

  /** The proxy's own rules. */
  public Rules global() {
    return global;
  }

  /** The rules for requests under {@code routeName} (null: not under a route). */
  public Rules rulesFor(String routeName) {
    return routeName == null ? global : routes.getOrDefault(routeName, global);
  }

  public boolean restricted() {
    return !global.allowed().isEmpty() || !global.users().isEmpty() || global.tokenRequired() || !routes.isEmpty();
  }

  /** Empty when the request may go on; else how to refuse it (the proxy's rules, no token, Authorization only). */
  public Optional<Refusal> check(InetAddress client, String method, String requestUri, String authorization) {
    return check(new Request(client, method, requestUri, null, authorization, null, false, TokenQuery.of(requestUri), false, false));
  }

  /**
   * Empty when the request may go on; else how to refuse it. A request from a sibling (a cluster
   * token) is judged by its token alone: the sibling admitted it under the same rules before it
   * minted the token, and a node has neither the viewer's password nor its place in an allow-list.
   */
  Optional<Refusal> check(Request q) {
    if (q.clusterGranted()) {
      return Optional.empty();
    }
    if (ClusterTokens.isClusterToken(q.token().token())) {
      if (clusterTokens == null) {
        return Optional.of(new Refusal(403, "a cluster token, but this node has no cluster secret", Optional.empty()));
      }
      return clusterTokens.refusal(q.token().token(), q.token().path(), q.client()).map(why -> new Refusal(403, why, Optional.empty()));
    }
    Rules rules = rulesFor(q.routeName());
    InetAddress client = q.client();
    if (!rules.allowed().isEmpty() && rules.allowed().stream().noneMatch(c -> c.contains(client))) {
      return Optional.of(new Refusal(403, "viewer address " + client.getHostAddress() + " is not allowed", Optional.empty()));
    }
    if (q.method().equals("OPTIONS")) {
      return Optional.empty();
    }
    // 403, not 401: a 401 must carry a challenge of an authentication scheme, and a player would
    // ask its user for a password that cannot help; a token comes from the portal, in the URL.
    if (rules.tokenRequired() && !q.tokenGranted()) {
      if (q.token().token() == null) {
        return Optional.of(new Refusal(403, "a viewer token is required (?" + ViewerTokens.PARAM + "=)", Optional.empty()));
      }
      Optional<String> bad = tokens.refusal(q.token().token(), q.token().path(), client);
      if (bad.isPresent()) {
        return Optional.of(new Refusal(403, bad.get(), Optional.empty()));
      }
    }
    if (rules.users().isEmpty()) {
      return Optional.empty();
    }
    // RFC 2326 §12.33/12.34 (RFC 7826 §18.36-37): a client that uses the proxy as its proxy answers
    // 407 with Proxy-Authorization and keeps Authorization for the origin. A client that addresses
    // the proxy as the server (a route, a URL prefix) answers 401 with Authorization. Credentials
    // are taken from either; the challenge is the kind the client is speaking.
    boolean asProxy = q.proxyForm() || q.proxyAuthorization() != null;
    String authorization = q.proxyAuthorization() != null ? q.proxyAuthorization() : q.authorization();
    return credentialsRefusal(rules.users(), q.method(), q.requestUri(), authorization)
        .map(why -> challenge(why.reason, why.stale, asProxy));
  }

  /** Now, by the clock nonces and tokens are judged with (epoch milliseconds). */
  long nowMillis() {
    return millis.getAsLong();
  }

  /** Whether a token shown under {@code routeName} is checked (and so may grant later requests). */
  public boolean tokenRequired(String routeName) {
    return rulesFor(routeName).tokenRequired();
  }

  /** Whether a request showing {@code token} comes from a sibling (checked as such, and granting as such). */
  static boolean fromSibling(TokenQuery token) {
    return ClusterTokens.isClusterToken(token.token());
  }

  private record Why(String reason, boolean stale) {}

  private Optional<Why> credentialsRefusal(Map<String, String> users, String method, String requestUri, String authorization) {
    if (authorization == null) {
      return Optional.of(new Why("credentials required", false));
    }
    if (basic) {
      return basicOk(users, authorization) ? Optional.empty() : Optional.of(new Why("wrong user name or password", false));
    }
    AuthChallenge answer;
    try {
      answer = WwwAuthenticateHeader.parse(authorization).challenges().get(0); // the same auth-param syntax
    } catch (RtspHeaderException | RuntimeException e) {
      return Optional.of(new Why("unreadable Authorization header", false));
    }
    Optional<DigestCheck.Answer> digest = DigestCheck.Answer.of(answer);
    if (digest.isEmpty() || !digest.get().realm().equals(REALM)) {
      return Optional.of(new Why("Digest credentials for realm " + REALM + " required", false));
    }
    DigestCheck.Answer d = digest.get();
    String password = users.get(d.username());
    if (password == null || !sameUri(d.uri(), requestUri) || !DigestCheck.matches(d, new Credentials(d.username(), password), method)) {
      return Optional.of(new Why("wrong user name or password", false));
    }
    long age = nonceAge(d.nonce());
    if (age < 0) {
      return Optional.of(new Why("unknown nonce", false));
    }
    if (age > NONCE_LIFETIME_MILLIS) {
      return Optional.of(new Why("nonce expired", true));
    }
    return Optional.empty();
  }

  private static boolean basicOk(Map<String, String> users, String authorization) {
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

  private Refusal challenge(String why, boolean stale, boolean asProxy) {
    String header = basic
        ? "Basic realm=\"" + REALM + "\""
        : "Digest realm=\"" + REALM + "\", nonce=\"" + nonce() + "\", algorithm=MD5, qop=\"auth\"" + (stale ? ", stale=true" : "");
    return new Refusal(asProxy ? 407 : 401, why, Optional.of(header));
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
    return o instanceof ViewerAccess v && v.global.equals(global) && v.routes.equals(routes) && v.basic == basic
        && java.util.Objects.equals(v.tokens, tokens) && java.util.Objects.equals(v.clusterTokens, clusterTokens);
  }

  @Override
  public int hashCode() {
    return global.allowed().hashCode() * 31 + global.users().keySet().hashCode() + routes.keySet().hashCode() + (basic ? 1 : 0);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(global.toString());
    if (!global.users().isEmpty()) {
      b.append(" by ").append(basic ? "Basic" : "Digest");
    }
    routes.forEach((name, r) -> b.append("; route ").append(name).append(": ").append(r));
    return b.toString();
  }
}
