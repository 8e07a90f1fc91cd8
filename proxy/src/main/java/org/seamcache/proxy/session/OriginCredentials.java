package org.seamcache.proxy.session;

import java.net.URI;
import org.seamcache.proxy.rtsp.RtspHeaderException;
import org.seamcache.proxy.rtsp.RtspUrl;
import org.seamcache.proxy.upstream.CredentialAuthenticator;
import org.seamcache.proxy.upstream.OriginAuthenticator;

/** Builds the authenticator for an origin URL from the {@code user:password@} in it, if any. */
final class OriginCredentials {
  private OriginCredentials() {}

  static OriginAuthenticator authenticatorFor(URI origin) {
    if (origin.getRawUserInfo() == null) {
      return OriginAuthenticator.NONE;
    }
    try {
      return RtspUrl.parse(origin.toString()).credentials().<OriginAuthenticator>map(CredentialAuthenticator::new).orElse(OriginAuthenticator.NONE);
    } catch (RtspHeaderException e) {
      return OriginAuthenticator.NONE;
    }
  }
}
