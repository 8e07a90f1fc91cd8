package org.seamcache.proxy.rtsp;

/** A request that ends with an RTSP error status; the message is the reason sent to the viewer. */
public final class RtspStatusException extends RuntimeException {
  private final int status;

  public RtspStatusException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  public RtspStatusException(int status, String message, Throwable cause) {
    super(message, cause, false, false);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
