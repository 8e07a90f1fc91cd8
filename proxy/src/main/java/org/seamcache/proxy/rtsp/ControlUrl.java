package org.seamcache.proxy.rtsp;

import java.util.regex.Pattern;

/**
 * Resolves an SDP {@code a=control:} value against a base URL (RFC 2326 C.1.1): {@code *} or nothing means the
 * base itself, an absolute URL stays as it is, a path starting with {@code /} replaces the base's path, and any
 * other relative value is appended to the base with one {@code /} between them.
 *
 * <p>Appending rather than RFC 3986 resolution is deliberate: with a base of {@code rtsp://h/vod} (no Content-Base,
 * no trailing slash) and {@code stream=0}, RFC 3986 would drop {@code vod}, while servers expect
 * {@code rtsp://h/vod/stream=0}, which is what ffmpeg, GStreamer and live555 send. The base is the Content-Base
 * header, else Content-Location, else the DESCRIBE request URL. Stateless.
 */
public final class ControlUrl {

  private static final Pattern ABSOLUTE = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://.*");

  private ControlUrl() {}

  public static String resolve(String base, String control) {
    String c = control == null ? "" : control.trim();
    if (c.isEmpty() || c.equals("*")) {
      return base;
    }
    if (isAbsolute(c)) {
      return c;
    }
    if (c.startsWith("/")) {
      return origin(base) + c;
    }
    return base.endsWith("/") ? base + c : base + "/" + c;
  }

  /** {@code true} if the value carries a scheme such as {@code rtsp://}. */
  public static boolean isAbsolute(String url) {
    return ABSOLUTE.matcher(url).matches();
  }

  /** {@code scheme://authority} of an absolute URL, without path or query. */
  private static String origin(String base) {
    int schemeEnd = base.indexOf("://");
    if (schemeEnd < 0) {
      return "";
    }
    int pathStart = schemeEnd + 3;
    while (pathStart < base.length() && "/?#".indexOf(base.charAt(pathStart)) < 0) {
      pathStart++;
    }
    return base.substring(0, pathStart);
  }
}
