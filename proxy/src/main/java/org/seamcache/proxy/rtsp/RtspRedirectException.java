package org.seamcache.proxy.rtsp;

/**
 * A request answered {@code 302 Moved Temporarily} with a {@code Location} (RFC 2326 §11.3.3): the
 * content is better served elsewhere. The message is the reason, for logs.
 */
public final class RtspRedirectException extends RuntimeException {
  private final String location;

  public RtspRedirectException(String location, String reason) {
    super(reason, null, false, false);
    this.location = location;
  }

  public String location() {
    return location;
  }
}
