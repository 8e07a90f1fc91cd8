package org.seamcache.proxy.rtsp;

/**
 * 503 Service Unavailable with {@code Retry-After} (RFC 2326 §12.31): what is asked for is not there
 * yet but will be, in about {@link #retryAfterSeconds()}.
 */
public final class RtspRetryLaterException extends RtspStatusException {
  private final long retryAfterSeconds;

  public RtspRetryLaterException(String message, long retryAfterSeconds) {
    super(503, message);
    this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
