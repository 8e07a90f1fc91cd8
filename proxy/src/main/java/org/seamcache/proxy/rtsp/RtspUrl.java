package org.seamcache.proxy.rtsp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * An {@code rtsp://[user[:password]@]host[:port][/path][?query]} URL (RFC 2326 §3.2), with credentials split off:
 * {@link #format()} never includes them, so what goes on the wire or into logs has none.
 *
 * <p>Hosts may be IPv6 literals in brackets ({@code rtsp://[::1]:8554/vod}; {@link #host()} holds them without
 * brackets). The default port is 554 for {@code rtsp} and 322 for {@code rtsps}; {@link #explicitPort()} remembers
 * whether one was written so the URL formats as given. Userinfo is percent-decoded; an {@code @} in a password
 * written unencoded (common in camera configurations) is tolerated because the last {@code @} before the path ends
 * the userinfo. Immutable.
 */
public record RtspUrl(String scheme, Optional<Credentials> credentials, String host, OptionalInt explicitPort,
    String pathAndQuery) {

  public static final int DEFAULT_PORT = 554;
  public static final int DEFAULT_TLS_PORT = 322;
  private static final String H = "RTSP URL";
  /** Hex digits, colons and dots (an embedded IPv4 address) with at least one colon, then an optional zone. */
  private static final Pattern IPV6_LITERAL = Pattern.compile("[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*(%[A-Za-z0-9._~%-]+)?");
  private static final String RULE = "must be rtsp://[user[:password]@]host[:port][/path] (RFC 2326 §3.2)";

  public RtspUrl {
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(explicitPort, "explicitPort");
    Objects.requireNonNull(pathAndQuery, "pathAndQuery");
    if (!scheme.equals("rtsp") && !scheme.equals("rtsps")) {
      throw new IllegalArgumentException("scheme must be rtsp or rtsps, got " + scheme);
    }
    if (host.isEmpty()) {
      throw new IllegalArgumentException("host is empty");
    }
    if (explicitPort.isPresent() && (explicitPort.getAsInt() < 1 || explicitPort.getAsInt() > 65535)) {
      throw new IllegalArgumentException("port must be 1-65535, got " + explicitPort.getAsInt());
    }
    if (!pathAndQuery.isEmpty() && !pathAndQuery.startsWith("/") && !pathAndQuery.startsWith("?")) {
      throw new IllegalArgumentException("path must start with / or ?, got " + pathAndQuery);
    }
  }

  public static RtspUrl parse(String url) throws RtspHeaderException {
    String u = url.trim();
    for (int i = 0; i < u.length(); i++) {
      if (u.charAt(i) <= ' ' || u.charAt(i) == 0x7F) {
        throw RtspHeaderException.badRequest(
            H + ": must not contain spaces or control characters (RFC 3986 §2), found 0x"
                + Integer.toHexString(u.charAt(i)) + " at " + i + " in '" + redact(u) + "'");
      }
    }
    int schemeEnd = u.indexOf("://");
    String scheme = schemeEnd < 0 ? "" : u.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
    if (!scheme.equals("rtsp") && !scheme.equals("rtsps")) {
      throw RtspHeaderException.badRequest(H + ": " + RULE + ", got '" + redact(u) + "'");
    }
    int authStart = schemeEnd + 3;
    int pathStart = authStart;
    while (pathStart < u.length() && u.charAt(pathStart) != '/' && u.charAt(pathStart) != '?') {
      pathStart++;
    }
    String authority = u.substring(authStart, pathStart);
    String path = u.substring(pathStart);
    int at = authority.lastIndexOf('@');
    Optional<Credentials> credentials = Optional.empty();
    if (at >= 0) {
      credentials = Optional.of(credentials(authority.substring(0, at), u));
      authority = authority.substring(at + 1);
    }
    String host;
    String portText = null;
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      if (close < 0) {
        throw RtspHeaderException.badRequest(H + ": IPv6 host must be closed by ']', got '" + redact(u) + "'");
      }
      host = authority.substring(1, close);
      if (!IPV6_LITERAL.matcher(host).matches()) {
        throw RtspHeaderException.badRequest(H + ": '[...]' must hold an IPv6 address (RFC 3986 §3.2.2), got '" + redact(u) + "'");
      }
      String rest = authority.substring(close + 1);
      if (!rest.isEmpty()) {
        if (!rest.startsWith(":")) {
          throw RtspHeaderException.badRequest(H + ": " + RULE + ", got '" + redact(u) + "'");
        }
        portText = rest.substring(1);
      }
    } else {
      int colon = authority.indexOf(':');
      host = colon < 0 ? authority : authority.substring(0, colon);
      portText = colon < 0 ? null : authority.substring(colon + 1);
    }
    if (host.isEmpty()) {
      throw RtspHeaderException.badRequest(H + ": host is empty in '" + redact(u) + "'");
    }
    if (!authority.startsWith("[") && (host.indexOf('[') >= 0 || host.indexOf(']') >= 0)) {
      throw RtspHeaderException.badRequest(H + ": '[' and ']' may only enclose an IPv6 host (RFC 3986 §3.2.2), got '" + redact(u) + "'");
    }
    OptionalInt port = OptionalInt.empty();
    if (portText != null) {
      int p = NumberPair.parseBounded(portText, 65535);
      if (p < 1) {
        throw RtspHeaderException.badRequest(H + ": port must be 1-65535, got '" + portText + "'");
      }
      port = OptionalInt.of(p);
    }
    return new RtspUrl(scheme, credentials, host, port, path);
  }

  /** The port to connect to: the one written, or the scheme's default. */
  public int port() {
    return explicitPort.orElse(scheme.equals("rtsps") ? DEFAULT_TLS_PORT : DEFAULT_PORT);
  }

  /** {@code host:port} with IPv6 literals in brackets; the port only if it was written. */
  public String authority() {
    String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    return explicitPort.isPresent() ? h + ":" + explicitPort.getAsInt() : h;
  }

  public RtspUrl withoutCredentials() {
    return new RtspUrl(scheme, Optional.empty(), host, explicitPort, pathAndQuery);
  }

  public RtspUrl withPathAndQuery(String newPathAndQuery) {
    return new RtspUrl(scheme, credentials, host, explicitPort, newPathAndQuery);
  }

  /** The URL without credentials: what is sent on a request line and may be logged. */
  public String format() {
    return scheme + "://" + authority() + pathAndQuery;
  }

  /** The same as {@link #format()}, so that logging a value never shows credentials. */
  @Override
  public String toString() {
    return format();
  }

  private static Credentials credentials(String userinfo, String url) throws RtspHeaderException {
    int colon = userinfo.indexOf(':');
    String user = colon < 0 ? userinfo : userinfo.substring(0, colon);
    String password = colon < 0 ? "" : userinfo.substring(colon + 1);
    return new Credentials(percentDecode(user, url), percentDecode(password, url));
  }

  /** RFC 3986 §2.1 percent-decoding as UTF-8; unlike URLDecoder, '+' stays '+'. */
  private static String percentDecode(String s, String url) throws RtspHeaderException {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); ) {
      if (s.charAt(i) == '%') {
        int hi = i + 1 < s.length() ? hexValue(s.charAt(i + 1)) : -1;
        int lo = i + 2 < s.length() ? hexValue(s.charAt(i + 2)) : -1;
        if (hi < 0 || lo < 0) {
          throw RtspHeaderException.badRequest(H + ": '%' must be followed by two hex digits in the userinfo of '"
              + redact(url) + "'");
        }
        out.write(hi * 16 + lo);
        i += 3;
      } else {
        int cp = s.codePointAt(i);
        byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
        i += Character.charCount(cp);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static int hexValue(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
  }

  /** The URL with any userinfo replaced by {@code ***}, for error messages, logs and operators. */
  public static String redact(String url) {
    return replaceUserInfo(url, "***@");
  }

  /** The URL without its userinfo (credentials), as it is sent on a request line or shared under. */
  public static String withoutUserInfo(String url) {
    return replaceUserInfo(url, "");
  }

  private static String replaceUserInfo(String url, String with) {
    int schemeEnd = url.indexOf("://");
    if (schemeEnd < 0) {
      return url;
    }
    int pathStart = schemeEnd + 3;
    while (pathStart < url.length() && url.charAt(pathStart) != '/' && url.charAt(pathStart) != '?') {
      pathStart++;
    }
    int at = url.lastIndexOf('@', pathStart - 1);
    return at > schemeEnd ? url.substring(0, schemeEnd + 3) + with + url.substring(at + 1) : url;
  }
}
