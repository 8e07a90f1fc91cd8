package org.seamcache.proxy.session;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The access log (logger {@value #LOGGER}): one INFO line per viewer session when it ends and one
 * per refused request. Fields are SLF4J key-value pairs, so a JSON log carries them as keys and the
 * text log as {@code key=value}; the message is a fixed phrase to filter on. Only the proxy's own
 * words go here (a refusal's reason is the status line the viewer got), never library messages.
 * Stateless.
 */
public final class AccessLog {
  public static final String LOGGER = "seamcache.access";
  private static final Logger log = LoggerFactory.getLogger(LOGGER);
  /** Longer URLs are cut: a refused request's URL is whatever the client sent. */
  static final int MAX_URL = 300;

  private AccessLog() {}

  /** Where a session's packets came from. */
  public enum Source {
    /** Served from a recording on disk, no upstream session of its own: a complete title, or a channel offset. */
    CACHE,
    /** A share of a live stream's upstream session(s). */
    LIVE,
    /** The viewer's own upstream session on stored content. */
    ORIGIN;

    /** The one classification of a session's source, for the access log and the viewer metrics alike. */
    public static Source of(ContentRef content) {
      return content.stored() != null || content.channel() != null ? CACHE : content.live() != null ? LIVE : ORIGIN; // a channel offset plays its recording
    }
  }

  /** How a session ended. */
  public enum Ending {
    TEARDOWN,
    /** The viewer sent an RTCP BYE. */
    BYE,
    /** A UDP viewer sent nothing (request or RTCP) within the session timeout. */
    TIMEOUT,
    /** The RTSP connection of an interleaved session closed. */
    CONNECTION_CLOSED,
    /** The origin went away (and a live stream did not come back). */
    ORIGIN_LOST,
    SHUTDOWN;

    String word() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /** One ended session; packets and bytes are what was sent to the viewer. */
  public record SessionEnded(
      String session,
      InetSocketAddress client,
      String url,
      String transport,
      Source source,
      Duration duration,
      long packets,
      long bytes,
      long dropped,
      long failed,
      Ending ended) {}

  public static void sessionEnded(SessionEnded e) {
    if (!log.isInfoEnabled()) {
      return;
    }
    LoggingEventBuilder line = log.atInfo().setMessage("session ended");
    line.addKeyValue("client", address(e.client()))
        .addKeyValue("url", url(e.url()))
        .addKeyValue("transport", e.transport())
        .addKeyValue("source", e.source().name().toLowerCase(Locale.ROOT))
        .addKeyValue("duration_s", e.duration().toMillis() / 1000.0)
        .addKeyValue("packets", e.packets())
        .addKeyValue("bytes", e.bytes())
        .addKeyValue("dropped", e.dropped())
        .addKeyValue("failed", e.failed())
        .addKeyValue("ended", e.ended().word())
        .addKeyValue("session", e.session())
        .log();
  }

  /**
   * A request answered with an error status. {@code method} and {@code url} are null when the bytes
   * received were no request at all (lost framing, a connection refused before it was read).
   */
  public static void refused(InetSocketAddress client, String method, String url, int status, String reason) {
    if (!log.isInfoEnabled()) {
      return;
    }
    log.atInfo()
        .setMessage("request refused")
        .addKeyValue("client", address(client))
        .addKeyValue("method", method == null ? "-" : printable(method, 32))
        .addKeyValue("url", url == null ? "-" : url(url))
        .addKeyValue("status", status)
        .addKeyValue("reason", reason == null ? "" : printable(reason, 200))
        .log();
  }

  static String address(InetSocketAddress a) {
    if (a == null) {
      return "-";
    }
    String host = a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress();
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
  }

  /**
   * The URL without a password (rtsp://user:secret@host/ → rtsp://user:***@host/) or a viewer
   * token's signature (a bearer credential until it expires: ?token=EXPIRES-***), printable and cut short.
   */
  static String url(String url) {
    String u = TOKEN_SIGNATURE.matcher(printable(url, MAX_URL)).replaceAll("$1***");
    int scheme = u.indexOf("://");
    if (scheme < 0) {
      return u;
    }
    int authorityEnd = scheme + 3;
    while (authorityEnd < u.length() && "/?#".indexOf(u.charAt(authorityEnd)) < 0) {
      authorityEnd++;
    }
    int at = u.lastIndexOf('@', authorityEnd - 1);
    if (at <= scheme) {
      return u;
    }
    int colon = u.indexOf(':', scheme + 3);
    return colon < 0 || colon > at ? u : u.substring(0, colon + 1) + "***" + u.substring(at);
  }

  /** Control characters (a client's bytes) would break the line; long values are cut. */
  private static final java.util.regex.Pattern TOKEN_SIGNATURE = java.util.regex.Pattern.compile("([?&]token=(?:[^&#-]*-)*)[^&#-]*");

  static String printable(String s, int max) {
    StringBuilder b = new StringBuilder(Math.min(s.length(), max + 3));
    for (int i = 0; i < s.length() && i < max; i++) {
      char c = s.charAt(i);
      b.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    if (s.length() > max) {
      b.append("...");
    }
    return b.toString();
  }
}
