package org.seamcache.proxy.upstream;

import java.util.List;
import java.util.Optional;
import org.seamcache.proxy.rtsp.BasicAuthorization;
import org.seamcache.proxy.rtsp.Credentials;
import org.seamcache.proxy.rtsp.DigestAuthorization;
import org.seamcache.proxy.rtsp.DigestChallenge;
import org.seamcache.proxy.rtsp.RtspHeaderException;
import org.seamcache.proxy.rtsp.WwwAuthenticateHeader;

/**
 * Answers an origin's 401 with the credentials from its URL: Digest when offered (RFC 2617/7616),
 * otherwise Basic. After the first challenge every request carries the answer, so the origin does
 * not have to ask again. Confined to the origin connection's event loop (Digest counts nonces).
 */
public final class CredentialAuthenticator implements OriginAuthenticator {
  private final Credentials credentials;
  private DigestAuthorization digest;
  private boolean basic;

  public CredentialAuthenticator(Credentials credentials) {
    this.credentials = credentials;
  }

  @Override
  public String authorization(String method, String uri) {
    if (digest != null) {
      return digest.authorize(method, uri);
    }
    return basic ? BasicAuthorization.format(credentials) : null;
  }

  @Override
  public boolean accept(List<String> wwwAuthenticate) {
    WwwAuthenticateHeader header;
    try {
      header = WwwAuthenticateHeader.parseAll(wwwAuthenticate);
    } catch (RtspHeaderException e) {
      return false; // an unreadable challenge cannot be answered; the 401 goes to the viewer
    }
    Optional<DigestChallenge> d = header.digest();
    if (d.isPresent()) {
      digest = DigestAuthorization.withRandomCnonce(credentials, d.get());
      return true;
    }
    if (header.basic().isPresent() && !basic) {
      basic = true;
      return true;
    }
    return false;
  }
}
