package org.seamcache.proxy.upstream;

import java.util.List;

/**
 * Supplies the {@code Authorization} header for requests to one origin, from the credentials in
 * the origin URL and the last challenge the origin sent. Confined to the connection's event loop.
 */
public interface OriginAuthenticator {

  /** The header value for this request, or null when no challenge has been answered yet. */
  String authorization(String method, String uri);

  /** Takes the WWW-Authenticate values of a 401; returns true when a retry can now succeed. */
  boolean accept(List<String> wwwAuthenticate);

  /** For origins without credentials: never authorizes, never retries. */
  OriginAuthenticator NONE =
      new OriginAuthenticator() {
        @Override
        public String authorization(String method, String uri) {
          return null;
        }

        @Override
        public boolean accept(List<String> wwwAuthenticate) {
          return false;
        }
      };
}
