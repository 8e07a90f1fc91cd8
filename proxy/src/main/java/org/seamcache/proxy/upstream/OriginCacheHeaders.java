package org.seamcache.proxy.upstream;

/**
 * The caching headers of an origin's DESCRIBE answer, as sent (null where absent): what a later
 * revalidation compares against (RFC 2326 §12.8 Cache-Control, §12.17 ETag, §12.23 Last-Modified).
 * Immutable.
 */
public record OriginCacheHeaders(String cacheControl, String etag, String lastModified) {

  public static final OriginCacheHeaders NONE = new OriginCacheHeaders(null, null, null);
}
