package org.seamcache.proxy.server;

import io.netty.handler.codec.http.FullHttpRequest;
import java.net.InetAddress;
import java.util.Optional;
import java.util.function.Supplier;
import org.seamcache.proxy.route.OriginResolver;
import org.seamcache.proxy.session.SessionRegistry;

/**
 * Whether one viewer request may go on under the viewer access rules in force ({@link ViewerAccess},
 * replaced on reload), with what it needs from the request and its connection: the route it is
 * under, whether it uses the proxy as a proxy, its token, and whether an earlier token on the
 * connection or the viewer's own session already admits it. Also tells whether the viewer's
 * {@code Authorization} is meant for the origin. Stateless; thread-safe.
 */
final class RequestAdmission {
  private final Supplier<ViewerAccess> access;
  private final Supplier<OriginResolver> resolver;
  private final SessionRegistry sessions;

  RequestAdmission(Supplier<ViewerAccess> access, Supplier<OriginResolver> resolver, SessionRegistry sessions) {
    this.access = access;
    this.resolver = resolver;
    this.sessions = sessions;
  }

  /**
   * Empty when the request may go on, else how to refuse it. A token admits its path on this
   * connection from then on: the SETUP and PLAY that follow DESCRIBE name control URLs a player
   * builds from Content-Base, which carries no query (ffmpeg and gst rtspsrc both send them without
   * the token), and a request of the viewer's own session was admitted when the session was made.
   * A DESCRIBE is admitted by a grant of its own path only: a route maps what lies under its name to
   * the origin ({@code /cam/x} to the route's URL + {@code /x}), and a token names one content.
   */
  Optional<ViewerAccess.Refusal> refusal(ViewerConnection conn, FullHttpRequest req, TokenQuery asSent) {
    ViewerAccess rules = access.get();
    OriginResolver routes = resolver.get();
    String method = req.method().name();
    String route = routes.routeOf(asSent.uri());
    boolean proxyForm = routes.isProxyForm(asSent.uri(), conn.localHostPort());
    TokenQuery token = proxyForm ? asSent.inProxyForm() : asSent;
    InetAddress client = conn.remote().getAddress();
    boolean granted = token.token() == null
        && (conn.tokenGranted(token.path(), rules.nowMillis(), !method.equals("DESCRIBE"))
            || sessions.find(ViewerRequests.sessionId(req), conn.channel(), client) != null);
    boolean clusterGranted = token.token() == null && conn.clusterGranted(token.path());
    Optional<ViewerAccess.Refusal> refused = rules.check(new ViewerAccess.Request(
        client, method, req.uri(), route, req.headers().get("Authorization"), req.headers().get("Proxy-Authorization"),
        proxyForm, token, granted, clusterGranted));
    if (refused.isEmpty() && ViewerAccess.fromSibling(token) && !method.equals("OPTIONS")) {
      conn.grantCluster(token.path());
    } else if (refused.isEmpty() && token.token() != null && rules.tokenRequired(route) && !method.equals("OPTIONS")) {
      conn.grantToken(token.path(), ViewerTokens.expiresMillis(token.token()));
    }
    return refused;
  }

  /**
   * The viewer's Authorization when it is meant for the origin (see {@link RelayedCredentials}):
   * the proxy asks no credentials for this request, or the viewer gave its own in
   * Proxy-Authorization. Else null.
   */
  String originAuthorization(FullHttpRequest req, String uri) {
    String authorization = req.headers().get("Authorization");
    if (authorization == null) {
      return null;
    }
    boolean proxyTakesIt = !access.get().rulesFor(resolver.get().routeOf(uri)).users().isEmpty()
        && req.headers().get("Proxy-Authorization") == null;
    return proxyTakesIt ? null : authorization;
  }
}
