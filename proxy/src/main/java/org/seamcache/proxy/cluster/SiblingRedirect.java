package org.seamcache.proxy.cluster;

import java.net.URI;
import org.seamcache.proxy.route.OriginTarget;

/**
 * The URL on a sibling for the title a viewer asked this node for: the same route name when it came
 * through a route (every node of a cluster is configured with the same routes), else the URL-prefix
 * form of the origin URL ({@code rtsp://sibling:port/origin-host:port/path}), which also serves
 * viewers that used RTSP proxy semantics. Credentials never appear: private titles are not
 * published, so nobody is sent to a sibling for one. Stateless.
 */
public final class SiblingRedirect {
  private SiblingRedirect() {}

  public static String location(URI sibling, OriginTarget target) {
    String base = "rtsp://" + sibling.getRawAuthority();
    if (target.routeName() != null) {
      return base + URI.create(target.proxyUri()).getRawPath();
    }
    URI o = target.originUri();
    String query = o.getRawQuery() == null ? "" : "?" + o.getRawQuery();
    return base + "/" + o.getHost() + (o.getPort() > 0 ? ":" + o.getPort() : "") + o.getRawPath() + query;
  }
}
