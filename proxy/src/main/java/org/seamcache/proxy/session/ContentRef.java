package org.seamcache.proxy.session;

import org.seamcache.proxy.upstream.ContentDescription;
import org.seamcache.proxy.cache.StoredTitle;
import org.seamcache.proxy.route.OriginTarget;

/**
 * A content as one viewer addressed it: where it comes from, what it holds, and what carries it:
 * the live stream (live content), the recorded title served from disk ({@code stored}), or neither
 * (stored content from the origin: the viewer gets its own leg). Immutable.
 */
public record ContentRef(OriginTarget target, ContentDescription description, LiveStream live, StoredTitle stored) {
  public String proxyUri() {
    return target.proxyUri();
  }
}
