package org.seamcache.proxy.cache;

/**
 * One stored title as {@code /status} shows its cache standing. Immutable.
 *
 * @param content the content key without its private scope (never credentials)
 * @param state the recording's state ({@code recording}: a run, e.g. a repair, is writing into it)
 * @param missing positions the copy still misses (while a repair records into it: the copy it is served as)
 * @param fresh whether it answers without asking the origin (for a viewer that asks nothing special)
 * @param ageSeconds since it was fetched or last found unchanged at the origin
 * @param maxAgeSeconds the bound it is judged by; -1 when none (fresh for good)
 * @param maxAgeSource where that bound comes from ({@link CacheFreshness.Age#source()})
 * @param lastRevalidationAtMillis wall-clock time of its last revalidation since the start; 0 if none
 * @param lastRevalidation how that went ("" if none)
 * @param privacy {@code public}, {@code private:HASH} (fetched with credentials; HASH an HMAC of
 *     them, never the password), or {@code public:HASH} (fetched with credentials, the origin said public)
 * @param servedFromCache DESCRIBEs it answered from disk since the start
 */
public record StoredTitleStatus(String id, String content, String state, long missing, boolean fresh, long ageSeconds, long maxAgeSeconds,
    String maxAgeSource, long lastRevalidationAtMillis, String lastRevalidation, String privacy, long servedFromCache) {}
