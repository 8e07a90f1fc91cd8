package org.seamcache.proxy.rtsp;

/**
 * A request that ends with an RTSP error status; the message is the reason sent to the viewer. A
 * 401 may carry the origin's {@code WWW-Authenticate} challenges for the viewer.
 */
public class RtspStatusException extends RuntimeException {
  private final int status;
  private final java.util.List<String> challenges;

  public RtspStatusException(int status, String message) {
    this(status, message, (Throwable) null);
  }

  public RtspStatusException(int status, String message, Throwable cause) {
    super(message, cause, false, false);
    this.status = status;
    this.challenges = java.util.List.of();
  }

  /** A status with the {@code WWW-Authenticate} values to answer it with. */
  public RtspStatusException(int status, String message, java.util.List<String> challenges) {
    super(message, null, false, false);
    this.status = status;
    this.challenges = java.util.List.copyOf(challenges);
  }

  /** The {@code WWW-Authenticate} values the answer carries (usually none). */
  public java.util.List<String> challenges() {
    return challenges;
  }

  public int status() {
    return status;
  }
}
