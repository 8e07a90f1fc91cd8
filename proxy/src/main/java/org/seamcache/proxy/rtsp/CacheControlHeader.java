package org.seamcache.proxy.rtsp;

import java.util.Locale;
import java.util.OptionalLong;

/**
 * The Cache-Control header (RFC 2326 §12.8), the directives a caching proxy acts on:
 *
 * <pre>
 * Cache-Control = "Cache-Control" ":" 1#cache-directive
 * request:  "no-cache" | "max-stale" ["=" delta-seconds] | "min-fresh" "=" delta-seconds | "only-if-cached"
 * response: "public" | "private" | "no-cache" | "no-transform" | "must-revalidate" | "max-age" "=" delta-seconds
 * </pre>
 *
 * Unknown directives are ignored (extensions are allowed); a malformed number is a 400. Immutable.
 */
public record CacheControlHeader(
    boolean noCache,
    boolean onlyIfCached,
    boolean isPublic,
    boolean isPrivate,
    boolean noTransform,
    boolean mustRevalidate,
    OptionalLong maxAgeSeconds,
    OptionalLong maxStaleSeconds) {

  private static final String H = "Cache-Control";

  /** No header: every directive absent. */
  public static final CacheControlHeader NONE =
      new CacheControlHeader(false, false, false, false, false, false, OptionalLong.empty(), OptionalLong.empty());

  /** Parses the header value; null gives {@link #NONE}. */
  public static CacheControlHeader parse(String value) throws RtspHeaderException {
    if (value == null || value.isBlank()) {
      return NONE;
    }
    QuotedText.rejectControlChars(H, value);
    boolean noCache = false;
    boolean onlyIfCached = false;
    boolean pub = false;
    boolean priv = false;
    boolean noTransform = false;
    boolean mustRevalidate = false;
    OptionalLong maxAge = OptionalLong.empty();
    OptionalLong maxStale = OptionalLong.empty();
    for (String part : value.split(",")) {
      String d = part.strip();
      int eq = d.indexOf('=');
      String name = (eq < 0 ? d : d.substring(0, eq)).strip().toLowerCase(Locale.ROOT);
      String arg = eq < 0 ? null : d.substring(eq + 1).strip();
      switch (name) {
        case "no-cache" -> noCache = true;
        case "only-if-cached" -> onlyIfCached = true;
        case "public" -> pub = true;
        case "private" -> priv = true;
        case "no-transform" -> noTransform = true;
        case "must-revalidate" -> mustRevalidate = true;
        case "max-age" -> maxAge = OptionalLong.of(seconds(name, arg, false));
        case "max-stale" -> maxStale = OptionalLong.of(arg == null ? Long.MAX_VALUE : seconds(name, arg, true));
        default -> { } // an extension directive: ignored, as §12.8 allows
      }
    }
    return new CacheControlHeader(noCache, onlyIfCached, pub, priv, noTransform, mustRevalidate, maxAge, maxStale);
  }

  private static long seconds(String directive, String arg, boolean optional) throws RtspHeaderException {
    if (arg == null && !optional) {
      throw RtspHeaderException.badRequest(H + ": " + directive + " needs =delta-seconds");
    }
    if (arg == null || !arg.matches("[0-9]{1,10}")) {
      throw RtspHeaderException.badRequest(H + ": " + directive + " must be a number of seconds, got '" + arg + "'");
    }
    return Long.parseLong(arg);
  }
}
