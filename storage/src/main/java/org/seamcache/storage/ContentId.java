package org.seamcache.storage;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Derives a content id (16 lowercase hex digits) from the origin URL and the SDP lines that
 * describe the media. Lines that change from one session to the next ({@code o=}, {@code t=},
 * {@code a=ssrc}, ranges) are left out so every session of the same content maps to one id.
 */
public final class ContentId {

  /** SDP line prefixes that describe the media itself, hence part of the content's identity. */
  private static final String[] IDENTITY_PREFIXES = {
    "m=", "a=rtpmap:", "a=fmtp:", "a=control:", "a=framerate:"
  };

  private ContentId() {}

  public static String of(ContentDescriptor content) {
    StringBuilder identity = new StringBuilder(content.originUrl()).append('\n');
    for (String line : content.sdp().split("\r?\n")) {
      String trimmed = line.strip();
      for (String prefix : IDENTITY_PREFIXES) {
        if (trimmed.toLowerCase(Locale.ROOT).startsWith(prefix)) {
          identity.append(trimmed).append('\n');
          break;
        }
      }
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(identity.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JDK", e);
    }
  }

  /** True if {@code id} has the shape of a content id (so it is safe as a directory name). */
  public static boolean isWellFormed(String id) {
    return id != null && id.matches("[0-9a-f]{16}");
  }
}
