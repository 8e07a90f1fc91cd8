package org.seamcache.proxy.rtsp;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The Authorization value for the Basic scheme (RFC 7617): {@code Basic base64(user:password)}. Stateless. */
public final class BasicAuthorization {

  private BasicAuthorization() {}

  /** UTF-8 is used for the credentials, as RFC 7617 §2.1 recommends and servers accept for ASCII. */
  public static String format(Credentials credentials) {
    String pair = credentials.username() + ":" + credentials.password();
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }
}
