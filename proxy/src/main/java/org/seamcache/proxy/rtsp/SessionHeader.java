package org.seamcache.proxy.rtsp;

import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The Session header (RFC 2326 §12.37): {@code Session: IoTrNUPM9EEWnthR} or {@code Session: 4711;timeout=30}.
 *
 * <pre>
 * Session    = "Session" ":" session-id [ ";" "timeout" "=" delta-seconds ]
 * session-id = 1*( ALPHA | DIGIT | safe )      safe = "$" | "-" | "_" | "." | "+"
 * </pre>
 *
 * <p>{@link #timeoutSeconds()} is what was sent; absent means the default of 60 s
 * ({@link #effectiveTimeoutSeconds()}), which is why GStreamer omits it for 60. Immutable.
 */
public record SessionHeader(String id, OptionalInt timeoutSeconds) {

  public static final int DEFAULT_TIMEOUT_SECONDS = 60;
  private static final String H = "Session";

  public SessionHeader {
    Objects.requireNonNull(timeoutSeconds, "timeoutSeconds");
    if (!isSessionId(id)) {
      throw new IllegalArgumentException("session id must be 1*(ALPHA / DIGIT / $-_.+), got " + id);
    }
    if (timeoutSeconds.isPresent() && timeoutSeconds.getAsInt() < 0) {
      throw new IllegalArgumentException("timeout must not be negative, got " + timeoutSeconds.getAsInt());
    }
  }

  /** A session id without a timeout parameter (the default 60 s applies). */
  public static SessionHeader of(String id) {
    return new SessionHeader(id, OptionalInt.empty());
  }

  /** A session id with an explicit timeout, always formatted even if it is 60. */
  public static SessionHeader of(String id, int timeoutSeconds) {
    return new SessionHeader(id, OptionalInt.of(timeoutSeconds));
  }

  public static SessionHeader parse(String value) throws RtspHeaderException {
    QuotedText.rejectControlChars(H, value);
    var parts = QuotedText.split(H, value, ';');
    String id = parts.get(0);
    if (!isSessionId(id)) {
      throw RtspHeaderException.badRequest(
          H + ": session-id must be 1*(ALPHA / DIGIT / \"$-_.+\"), got '" + id + "'");
    }
    OptionalInt timeout = OptionalInt.empty();
    for (int i = 1; i < parts.size(); i++) {
      if (parts.get(i).isEmpty()) {
        continue; // a trailing ';' as some servers send
      }
      HeaderParam p = HeaderParam.parse(H, parts.get(i));
      if (!p.name().toLowerCase(Locale.ROOT).equals("timeout")) {
        throw RtspHeaderException.badRequest(H + ": only the timeout parameter is defined, got '" + parts.get(i) + "'");
      }
      if (timeout.isPresent()) {
        throw RtspHeaderException.badRequest(H + ": parameter timeout may appear only once");
      }
      int seconds = NumberPair.parseBounded(p.value().orElse(""), 999_999_999);
      if (seconds < 0) {
        throw RtspHeaderException.badRequest(
            H + ": timeout must be delta-seconds (1-9 digits), got '" + p.value().orElse("") + "'");
      }
      timeout = OptionalInt.of(seconds);
    }
    return new SessionHeader(id, timeout);
  }

  /** The timeout that applies: the one sent, or 60 s. */
  public int effectiveTimeoutSeconds() {
    return timeoutSeconds.orElse(DEFAULT_TIMEOUT_SECONDS);
  }

  public String format() {
    return timeoutSeconds.isPresent() ? id + ";timeout=" + timeoutSeconds.getAsInt() : id;
  }

  private static boolean isSessionId(String id) {
    if (id == null || id.isEmpty()) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '$' || c == '-' || c == '_' || c == '.' || c == '+';
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
