/**
 * Serving stored content from the recording, with no upstream session: which recording of an
 * origin URL may be served ({@link org.seamcache.proxy.cache.StoredTitles}), its seamed copy per
 * track as read once and shared read-only by every viewer ({@link org.seamcache.proxy.cache.StoredTitle}),
 * and when each packet is due for one viewer ({@link org.seamcache.proxy.cache.PlayoutPacer}).
 */
package org.seamcache.proxy.cache;
