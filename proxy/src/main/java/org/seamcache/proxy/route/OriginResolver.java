package org.seamcache.proxy.route;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Optional;
import org.seamcache.proxy.rtsp.RtspStatusException;

/**
 * Maps a viewer's Request-URI to the origin, in three ways (first match wins):
 *
 * <ol>
 *   <li>a configured route: {@code rtsp://proxy/NAME/rest} → the route's origin URL + {@code /rest};
 *   <li>a URL prefix: {@code rtsp://proxy/HOST[:PORT]/path} → {@code rtsp://HOST[:PORT]/path}, where
 *       the first path segment looks like a host (has a dot or a colon, or is {@code localhost},
 *       or is a bracketed IPv6 literal);
 *   <li>RTSP proxy semantics (RFC 2326 §1.4): an absolute Request-URI naming a host and port other
 *       than the ones the viewer connected to is forwarded there as it is.
 * </ol>
 *
 * Immutable.
 */
public final class OriginResolver {
  private final Map<String, URI> routes;

  public OriginResolver(Map<String, URI> routes) {
    this.routes = Map.copyOf(routes);
  }

  /**
   * @param requestUri the Request-URI as the viewer sent it
   * @param localHostPort host:port of the proxy's socket the viewer connected to (to tell a request
   *     for the proxy from one to forward)
   */
  public Optional<OriginTarget> resolve(String requestUri, String localHostPort) {
    URI uri;
    try {
      uri = new URI(requestUri);
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
    if (!"rtsp".equalsIgnoreCase(uri.getScheme()) || uri.getRawAuthority() == null) {
      return Optional.empty();
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    String trimmed = path.startsWith("/") ? path.substring(1) : path;
    int slash = trimmed.indexOf('/');
    String first = slash < 0 ? trimmed : trimmed.substring(0, slash);
    String rest = slash < 0 ? "" : trimmed.substring(slash);
    String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
    String self = "rtsp://" + uri.getRawAuthority();

    URI route = routes.get(first);
    if (route != null) {
      String base = stripSlash(route.toString());
      return Optional.of(new OriginTarget(URI.create(base + stripSlash(rest) + query), self + "/" + first + stripSlash(rest), first));
    }
    if (looksLikeHost(first) && !rest.isEmpty()) {
      URI origin = URI.create("rtsp://" + first + stripSlash(rest) + query);
      refuseUnusableAuthority(origin);
      return Optional.of(new OriginTarget(origin, self + "/" + first + stripSlash(rest)));
    }
    String authority = uri.getPort() < 0 ? uri.getHost() + ":554" : uri.getHost() + ":" + uri.getPort();
    if (!authority.equalsIgnoreCase(localHostPort) && !isLocalName(uri.getHost())) {
      refuseUnusableAuthority(uri);
      return Optional.of(new OriginTarget(URI.create(stripSlash(requestUri)), stripSlash(requestUri)));
    }
    return Optional.empty();
  }

  /** The configured route a Request-URI is under (its first path segment names it), or null. */
  public String routeOf(String requestUri) {
    try {
      return resolve(requestUri, "").map(OriginTarget::routeName).orElse(null);
    } catch (RuntimeException e) {
      return null; // not a route; an unusable origin is refused when the request is resolved for real
    }
  }

  /**
   * Whether the Request-URI names the origin itself (RTSP proxy semantics, the third way above):
   * the client uses the proxy as its proxy.
   */
  public boolean isProxyForm(String requestUri, String localHostPort) {
    try {
      return resolve(requestUri, localHostPort).map(t -> t.routeName() == null && t.proxyUri().equals(t.originUri().toString())).orElse(false);
    } catch (RuntimeException e) {
      return false; // an unusable origin is refused when the request is resolved for real
    }
  }

  /**
   * A URI may carry any number as its port, a socket cannot (the JDK's message would reach the
   * viewer); and a numeric host the JDK and the C resolver read differently is not guessed at.
   */
  private static void refuseUnusableAuthority(URI origin) {
    int port = origin.getPort();
    if (port == 0 || port > 65535) {
      throw new RtspStatusException(400, "origin port " + port + " is not 1-65535");
    }
    if (origin.getHost() != null && AmbiguousIpv4.is(origin.getHost())) {
      throw new RtspStatusException(
          400, "origin host " + origin.getHost() + " is an ambiguous numeric address; write it as a.b.c.d in decimal");
    }
  }

  private static boolean isLocalName(String host) {
    return host == null || host.equalsIgnoreCase("localhost");
  }

  /** Compiled once: every request's URL is resolved. */
  private static final java.util.regex.Pattern HOST_AND_PORT = java.util.regex.Pattern.compile("[A-Za-z0-9.\\-]+(:[0-9]{1,5})?");

  static boolean looksLikeHost(String segment) {
    if (segment.isEmpty()) {
      return false;
    }
    if (segment.startsWith("[")) {
      return segment.contains("]");
    }
    return segment.equalsIgnoreCase("localhost")
        || segment.startsWith("localhost:")
        || (segment.contains(".") || segment.contains(":"))
            && HOST_AND_PORT.matcher(segment).matches();
  }

  private static String stripSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
