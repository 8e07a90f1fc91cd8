package org.seamcache.proxy.cache;

import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import org.seamcache.proxy.upstream.ContentDescription;
import org.seamcache.storage.ContentInfo;
import org.seamcache.storage.Storage;

/**
 * Each stored title's cache standing for {@code /status}: its state, freshness by the bound that
 * applies to it, last revalidation, privacy and how often it answered from disk. Reads the catalog
 * and each title's attributes: not for an event loop. Confined to the calling thread.
 */
final class TitleStandings {
  private static final String PRIVATE = "#private=";

  private final StoredTitles titles;
  private final Storage storage;

  TitleStandings(StoredTitles titles, Storage storage) {
    this.titles = titles;
    this.storage = storage;
  }

  /** Stored (seekable) titles, the most recently used first, at most {@code limit}; {@code routeOf} names a content's route, or null. */
  List<StoredTitleStatus> list(Function<ContentInfo, String> routeOf, int limit) {
    long now = titles.nowMillis();
    List<StoredTitleStatus> out = new ArrayList<>();
    List<ContentInfo> all = new ArrayList<>(storage.catalog().list());
    all.sort(Comparator.comparingLong(ContentInfo::lastAccessMillis).reversed());
    for (ContentInfo c : all) {
      if (out.size() == limit) {
        break;
      }
      ContentDescription d;
      try {
        d = ContentDescription.parse(c.sdp(), URI.create(StoredTitles.withoutScope(c.originUrl())));
      } catch (RuntimeException e) {
        continue; // not a description the proxy serves
      }
      if (d.seekable()) {
        out.add(standing(c, d, routeOf.apply(c), now));
      }
    }
    return out;
  }

  /** Positions the copy misses; while a run (a repair) writes into it, those of the copy it is served as. */
  private long missing(ContentInfo c) {
    return storage.sealedCopy(c.id()).map(sealed -> sealed.info().missing()).orElse(c.missing());
  }

  private StoredTitleStatus standing(ContentInfo c, ContentDescription d, String route, long now) {
    OriginValidators v = OriginValidators.fromAttributes(storage.attributes(c.id()), d.sdp(), c.createdAtMillis());
    CacheFreshness.Age age = CacheFreshness.age(v, titles.validatedAt(c.id(), v.fetchedAtMillis()), now, titles.policy().maxAgeFor(route));
    CacheDecisions.Revalidation r = titles.decisions().lastRevalidation(c.id());
    String key = c.originUrl();
    int scope = key.indexOf(PRIVATE);
    String privacy = scope < 0 ? "public" : (titles.originSaidPublic(c) ? "public:" : "private:") + key.substring(scope + PRIVATE.length());
    return new StoredTitleStatus(c.id(), StoredTitles.withoutScope(key), titles.superseded(c.id()) ? "superseded" : c.state().label(),
        missing(c), age.fresh(), age.ageSeconds(), age.maxAgeSeconds().orElse(-1), age.source(), r == null ? 0 : r.atMillis(),
        r == null ? "" : r.result(), privacy, titles.decisions().servedFromCache(c.id()));
  }
}
