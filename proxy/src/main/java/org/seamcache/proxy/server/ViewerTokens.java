package org.seamcache.proxy.server;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed, expiring viewer tokens, as an operator's portal mints them ({@code seamcache token}) and
 * the proxy checks them: {@code token=EXPIRES-SIGNATURE}, or {@code token=EXPIRES-ADDRESS-SIGNATURE}
 * when bound to one client address. EXPIRES is Unix seconds; SIGNATURE is the hex HMAC-SHA256,
 * under the operator's secret, of the URL path (no query, no trailing slash), EXPIRES and the
 * address (empty when unbound). The address is written out so a refusal can say which part is
 * wrong; the path is not (it is the request's own). Signatures are compared in constant time.
 * Immutable; thread-safe.
 */
public final class ViewerTokens {
  /** The query parameter that carries a token. */
  public static final String PARAM = "token";
  /** A shorter secret is too easy to guess offline from one token. */
  public static final int MIN_SECRET_BYTES = 16;
  private static final String VERSION = "seamcache-token-v1";

  private final byte[] secret;
  private final LongSupplier epochMillis;
  /** Signed in front of every token: tokens of another kind (a cluster's) never pass for these, even under the same secret. */
  private final String kind;

  public ViewerTokens(byte[] secret, LongSupplier epochMillis) {
    this(secret, epochMillis, VERSION);
  }

  /** Tokens of another {@code kind} (signed in, so one kind never passes for another). */
  ViewerTokens(byte[] secret, LongSupplier epochMillis, String kind) {
    this.kind = kind;
    if (secret.length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException("a token secret needs at least " + MIN_SECRET_BYTES + " bytes, got " + secret.length);
    }
    this.secret = secret.clone();
    this.epochMillis = epochMillis;
  }

  /**
   * The secret in {@code file}: its bytes without trailing white space (so {@code echo} and
   * editors that add a newline write the same secret).
   */
  public static ViewerTokens fromFile(Path file, LongSupplier epochMillis) throws IOException {
    return new ViewerTokens(secretIn(file), epochMillis);
  }

  /** The bytes of {@code file} without trailing white space. */
  static byte[] secretIn(Path file) throws IOException {
    byte[] b = Files.readAllBytes(file);
    int n = b.length;
    while (n > 0 && (b[n - 1] == '\n' || b[n - 1] == '\r' || b[n - 1] == ' ' || b[n - 1] == '\t')) {
      n--;
    }
    return Arrays.copyOf(b, n);
  }

  /** A token for {@code path} valid until {@code expiresEpochSeconds}, bound to {@code client} unless it is null. */
  public String mint(String path, long expiresEpochSeconds, InetAddress client) {
    String address = client == null ? "" : client.getHostAddress();
    String sig = signature(normalPath(path), expiresEpochSeconds, address);
    return expiresEpochSeconds + (address.isEmpty() ? "" : "-" + address) + "-" + sig;
  }

  /** Why {@code token} does not admit {@code client} to {@code path}, or empty when it does. */
  public Optional<String> refusal(String token, String path, InetAddress client) {
    String[] parts = token.split("-", -1);
    if (parts.length != 2 && parts.length != 3) {
      return Optional.of("malformed viewer token");
    }
    long expires;
    try {
      expires = Long.parseLong(parts[0]);
    } catch (NumberFormatException e) {
      return Optional.of("malformed viewer token");
    }
    String address = parts.length == 3 ? parts[1] : "";
    String given = parts[parts.length - 1];
    if (!MessageDigest.isEqual(
        signature(normalPath(path), expires, address).getBytes(StandardCharsets.US_ASCII), given.getBytes(StandardCharsets.US_ASCII))) {
      return Optional.of("viewer token is not valid for " + normalPath(path));
    }
    if (!address.isEmpty() && !sameAddress(address, client)) {
      return Optional.of("viewer token is for another client address");
    }
    if (expiresMillis(expires) <= epochMillis.getAsLong()) {
      return Optional.of("viewer token expired");
    }
    return Optional.empty();
  }

  /** When a well-formed token expires, in epoch milliseconds (0 if it is malformed). */
  public static long expiresMillis(String token) {
    int dash = token.indexOf('-');
    try {
      return dash <= 0 ? 0 : expiresMillis(Long.parseLong(token.substring(0, dash)));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static long expiresMillis(long epochSeconds) {
    return epochSeconds > Long.MAX_VALUE / 1000 ? Long.MAX_VALUE : epochSeconds * 1000;
  }

  private static boolean sameAddress(String written, InetAddress client) {
    // Written as the minting host formatted it; compared as addresses, never looked up (literal only).
    if (!written.matches("[0-9A-Fa-f:.]+")) {
      return false;
    }
    try {
      return InetAddress.getByName(written).equals(client);
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  /** The path a token signs: as requested, without a trailing slash ({@code /} stays). */
  public static String normalPath(String path) {
    String p = path.startsWith("/") ? path : "/" + path;
    return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
  }

  private String signature(String path, long expires, String address) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      byte[] h = mac.doFinal((kind + "\n" + path + "\n" + expires + "\n" + address).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ViewerTokens t && t.kind.equals(kind) && MessageDigest.isEqual(t.secret, secret);
  }

  @Override
  public int hashCode() {
    return secret.length;
  }

  @Override
  public String toString() {
    return "viewer tokens (secret not shown)";
  }
}
