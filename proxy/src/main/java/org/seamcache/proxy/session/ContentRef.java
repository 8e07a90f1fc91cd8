package org.seamcache.proxy.session;

import org.seamcache.proxy.upstream.ContentDescription;
import org.seamcache.proxy.route.OriginTarget;

/**
 * A content as one viewer addressed it: where it comes from, what it holds, and the live stream
 * that carries it (null for stored content, which gets a leg per viewer). Immutable.
 */
public record ContentRef(OriginTarget target, ContentDescription description, LiveStream live) {
  public String proxyUri() {
    return target.proxyUri();
  }
}
