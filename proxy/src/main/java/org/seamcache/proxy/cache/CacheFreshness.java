package org.seamcache.proxy.cache;

import java.time.Duration;
import org.seamcache.proxy.rtsp.CacheControlHeader;
import org.seamcache.proxy.rtsp.RtspHeaderException;

/**
 * Whether a cached title may answer a DESCRIBE without asking the origin (RFC 2326 §12.8, with the
 * HTTP/1.1 freshness model it borrows): the origin's {@code no-cache} means ask every time; its
 * {@code max-age} (or, for an origin that says nothing, the route's configured max age; none
 * configured: fresh for good, as a cache of stored titles is expected to be) bounds the copy's age
 * since it was fetched or last revalidated; a viewer's {@code max-stale} accepts a copy stale by up
 * to that much unless the origin said {@code must-revalidate}. Stateless.
 */
public final class CacheFreshness {

  /**
   * @param askOrigin revalidate with the origin before serving
   * @param serveStaleIfOriginFails the origin cannot be reached: serve the copy anyway (false when
   *     the origin said must-revalidate: then the viewer gets 504)
   * @param reason the judgment with its figures, for the log
   */
  public record Verdict(boolean askOrigin, boolean serveStaleIfOriginFails, String reason) {}

  private CacheFreshness() {}

  /**
   * @param validatedAtMillis when the copy was fetched or last found unchanged at the origin
   * @param routeMaxAge max age for an origin that sends none (null: no bound)
   * @param viewer the viewer's Cache-Control
   */
  public static Verdict judge(OriginValidators stored, long validatedAtMillis, long nowMillis, Duration routeMaxAge,
      CacheControlHeader viewer) {
    Age age = age(stored, validatedAtMillis, nowMillis, routeMaxAge);
    boolean mayServeStale = !age.origin().mustRevalidate();
    long ageSeconds = age.ageSeconds();
    if (age.origin().noCache()) {
      return new Verdict(true, mayServeStale, "the origin said no-cache: revalidated on every request");
    }
    if (age.maxAgeSeconds().isEmpty()) {
      return new Verdict(false, true, "fresh: the origin set no max age and the route none" + age.unreadable());
    }
    long maxAge = age.maxAgeSeconds().getAsLong();
    String bound = age.bound();
    if (ageSeconds <= maxAge) {
      return new Verdict(false, true, "fresh: " + ageSeconds + " s old, within " + bound);
    }
    long staleBy = ageSeconds - maxAge;
    if (viewer.maxStaleSeconds().isPresent() && staleBy <= viewer.maxStaleSeconds().getAsLong() && mayServeStale) {
      return new Verdict(false, true, "stale by " + staleBy + " s past " + bound + ", within the viewer's max-stale");
    }
    return new Verdict(true, mayServeStale, "stale: " + ageSeconds + " s old, past " + bound
        + (mayServeStale ? "" : "; the origin said must-revalidate"));
  }

  /**
   * A copy's age against the bound that applies to it, whatever a viewer asks.
   *
   * @param origin the origin's Cache-Control as kept with the copy ({@link CacheControlHeader#NONE} if none or unreadable)
   * @param maxAgeSeconds the bound; empty when there is none (fresh for good); 0 when the origin said no-cache
   * @param source where the bound comes from: {@code origin no-cache}, {@code origin max-age},
   *     {@code route cache-max-age} or {@code none}
   * @param unreadable why the origin's Cache-Control could not be read, or ""
   */
  public record Age(long ageSeconds, CacheControlHeader origin, java.util.OptionalLong maxAgeSeconds, String source, String unreadable) {

    public boolean fresh() {
      return !origin.noCache() && (maxAgeSeconds.isEmpty() || ageSeconds <= maxAgeSeconds.getAsLong());
    }

    /** The bound in the words of a log line. */
    String bound() {
      long maxAge = maxAgeSeconds.orElse(0);
      return source.equals("origin max-age") ? "the origin's max-age=" + maxAge
          : "the route's cache-max-age of " + maxAge + " s (the origin sent none" + unreadable + ")";
    }
  }

  public static Age age(OriginValidators stored, long validatedAtMillis, long nowMillis, Duration routeMaxAge) {
    CacheControlHeader origin = CacheControlHeader.NONE;
    String unreadable = "";
    if (stored.cacheControl() != null) {
      try {
        origin = CacheControlHeader.parse(stored.cacheControl());
      } catch (RtspHeaderException e) {
        unreadable = " (its Cache-Control '" + stored.cacheControl() + "' is unreadable: " + e.getMessage() + ")";
      }
    }
    long ageSeconds = Math.max(0, (nowMillis - validatedAtMillis) / 1000);
    if (origin.noCache()) {
      return new Age(ageSeconds, origin, java.util.OptionalLong.of(0), "origin no-cache", unreadable);
    }
    if (origin.maxAgeSeconds().isPresent()) {
      return new Age(ageSeconds, origin, origin.maxAgeSeconds(), "origin max-age", unreadable);
    }
    if (routeMaxAge != null) {
      return new Age(ageSeconds, origin, java.util.OptionalLong.of(routeMaxAge.toSeconds()), "route cache-max-age", unreadable);
    }
    return new Age(ageSeconds, origin, java.util.OptionalLong.empty(), "none", unreadable);
  }
}
