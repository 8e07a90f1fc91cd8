package org.seamcache.proxy.route;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key under which content is shared between viewers: a live stream's upstream, a recording, a
 * stored title served from disk. It is the origin URL without credentials or trailing slash, and,
 * when the origin was reached with credentials, a scope private to them ({@code #private=} and an
 * HMAC of the userinfo under this node's secret): a shared cache must not hand content fetched with
 * one viewer's credentials to a viewer without them (RFC 2326 §12.8), so such content is shared only
 * with the same credentials, and the origin decides for everyone else. The HMAC, not the password,
 * appears in recordings, {@code ls} and logs. Immutable; thread-safe.
 */
public final class ContentKeys {
  /** The node's secret, kept beside the recordings so private recordings stay theirs across restarts. */
  public static final String SECRET_FILE = "content-key.secret";
  private static final String PRIVATE = "#private=";

  private final byte[] secret;

  private ContentKeys(byte[] secret) {
    this.secret = secret.clone();
  }

  /** Keys whose secret lives in {@code dataDir} (created once, owner-only). */
  public static ContentKeys inDataDir(Path dataDir) {
    Path file = dataDir.resolve(SECRET_FILE);
    try {
      if (!Files.exists(file)) {
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        Path tmp = Files.createTempFile(dataDir, SECRET_FILE, ".tmp");
        try {
          Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
          // not a POSIX file system: the directory's own permissions protect it
        }
        Files.write(tmp, fresh, StandardOpenOption.TRUNCATE_EXISTING);
        try {
          Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.FileAlreadyExistsException raced) {
          Files.deleteIfExists(tmp);
        }
      }
      byte[] secret = Files.readAllBytes(file);
      if (secret.length < 16) {
        throw new IllegalStateException(file + " is too short to be this node's content-key secret; remove it to make a new one");
      }
      return new ContentKeys(secret);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create " + file + ": " + e.getMessage(), e);
    }
  }

  /** Keys for a node that records nothing: private content is shared only while this process runs. */
  public static ContentKeys ephemeral() {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    return new ContentKeys(secret);
  }

  /** The content key of {@code origin} (which may carry credentials). */
  public String of(URI origin) {
    String url = origin.toString();
    String userInfo = origin.getRawUserInfo();
    if (userInfo != null) {
      url = org.seamcache.proxy.rtsp.RtspUrl.withoutUserInfo(url);
    }
    int fragment = url.indexOf('#');
    if (fragment >= 0) {
      url = url.substring(0, fragment); // never sent to the origin; must not collide with the scope
    }
    url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    return userInfo == null ? url : url + PRIVATE + scope(userInfo);
  }

  /** Whether a content key is private to some credentials. */
  public static boolean isPrivate(String key) {
    return key.contains(PRIVATE);
  }

  private String scope(String userInfo) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      byte[] h = mac.doFinal(userInfo.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h, 0, 12);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }
}
