package org.seamcache.proxy.server;

import java.util.ArrayList;
import java.util.List;

/**
 * A viewer's Request-URI split into the URI without its {@code token=} parameters (what the origin
 * and the content's identity see: two viewers with different tokens share one upstream) and the
 * token, with the URL path the token must be signed for. Other query parameters stay, in order.
 *
 * @param uri the Request-URI without {@code token=} parameters (and without a {@code ?} left empty)
 * @param token the last {@code token=} value, or null when there is none
 * @param path the URI's path without a trailing slash ({@code /} for none; {@code *} for {@code *})
 */
record TokenQuery(String uri, String token, String path) {

  static TokenQuery of(String requestUri) {
    int q = requestUri.indexOf('?');
    String beforeQuery = q < 0 ? requestUri : requestUri.substring(0, q);
    String token = null;
    String uri = requestUri;
    if (q >= 0) {
      List<String> kept = new ArrayList<>();
      for (String param : requestUri.substring(q + 1).split("&", -1)) {
        if (param.startsWith(ViewerTokens.PARAM + "=")) {
          token = param.substring(ViewerTokens.PARAM.length() + 1);
        } else if (!param.isEmpty()) {
          kept.add(param);
        }
      }
      uri = kept.isEmpty() ? beforeQuery : beforeQuery + "?" + String.join("&", kept);
    }
    return new TokenQuery(uri, token, pathOf(beforeQuery));
  }

  private static String pathOf(String uriWithoutQuery) {
    if (uriWithoutQuery.equals("*")) {
      return "*";
    }
    int scheme = uriWithoutQuery.indexOf("://");
    if (scheme < 0) {
      return ViewerTokens.normalPath(uriWithoutQuery); // a bare path
    }
    int slash = uriWithoutQuery.indexOf('/', scheme + 3);
    return ViewerTokens.normalPath(slash < 0 ? "/" : uriWithoutQuery.substring(slash));
  }

  /**
   * The same request with the path a token signs when the request names the origin itself (RTSP
   * proxy semantics): {@code /HOST[:PORT]/path} as written, the path of the same origin's URL-prefix
   * form, so one token serves both and a token for one origin's path is none for another's.
   */
  TokenQuery inProxyForm() {
    int scheme = uri.indexOf("://");
    if (scheme < 0) {
      return this;
    }
    int slash = uri.indexOf('/', scheme + 3);
    int query = uri.indexOf('?', scheme + 3);
    int authorityEnd = slash >= 0 ? slash : query >= 0 ? query : uri.length();
    if (query >= 0 && query < authorityEnd) {
      authorityEnd = query;
    }
    String authority = uri.substring(scheme + 3, authorityEnd);
    return new TokenQuery(uri, token, ViewerTokens.normalPath("/" + authority + (path.equals("/") ? "" : path)));
  }

  /** Whether a request for {@code requestPath} lies at or under {@code grantedPath}. */
  static boolean covers(String grantedPath, String requestPath) {
    return requestPath.equals(grantedPath) || requestPath.startsWith(grantedPath.equals("/") ? "/" : grantedPath + "/");
  }
}
