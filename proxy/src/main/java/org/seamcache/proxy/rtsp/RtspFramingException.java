package org.seamcache.proxy.rtsp;

/**
 * The byte stream of an RTSP connection cannot be split into messages and frames. Carries the status
 * a server answers with before closing the connection (its framing is lost).
 */
public final class RtspFramingException extends RuntimeException {
  private final int status;

  public RtspFramingException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
