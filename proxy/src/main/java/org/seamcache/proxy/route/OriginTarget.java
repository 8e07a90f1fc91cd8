package org.seamcache.proxy.route;

import java.net.URI;

/**
 * Where a viewer's request goes: the origin's URL for the content, and the URL under which the
 * proxy presents the same content to the viewer (the base that control URLs are rewritten to).
 *
 * @param originUri the origin's content URL, credentials included if configured
 * @param proxyUri the content URL as the viewer addressed it, without a trailing slash
 * @param routeName the configured route that matched, or null
 * @param via the {@code Via} header for requests to the origin (see {@link LoopGuard}), or null
 */
public record OriginTarget(URI originUri, String proxyUri, String routeName, String via) {
  public OriginTarget(URI originUri, String proxyUri, String routeName) {
    this(originUri, proxyUri, routeName, null);
  }

  public OriginTarget(URI originUri, String proxyUri) {
    this(originUri, proxyUri, null, null);
  }

  /** The origin URL for logs and operators: any credentials replaced by {@code ***}. */
  public String originForLog() {
    return org.seamcache.proxy.rtsp.RtspUrl.redact(originUri.toString());
  }

  /** The same content at {@code origin} (e.g. with the viewer's credentials for it). */
  public OriginTarget withOriginUri(URI origin) {
    return new OriginTarget(origin, proxyUri, routeName, via);
  }

  public OriginTarget withVia(String v) {
    return new OriginTarget(originUri, proxyUri, routeName, v);
  }
}
