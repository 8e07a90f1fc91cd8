package org.seamcache.proxy.rtsp;

/**
 * A header value or request URI that breaks a rule of RTSP (RFC 2326); the message names the header and the rule.
 *
 * <p>{@link #statusCode()} is the RTSP status to answer with: 400 Bad Request for syntax, 461 Unsupported Transport
 * for a Transport header that is well formed but asks for something other than RTP over UDP or TCP.
 */
public final class RtspHeaderException extends Exception {

  private static final long serialVersionUID = 1L;

  public static final int BAD_REQUEST = 400;
  public static final int UNSUPPORTED_TRANSPORT = 461;

  private final int statusCode;

  private RtspHeaderException(int statusCode, String message) {
    super(message);
    this.statusCode = statusCode;
  }

  /** A syntax error: answer 400 Bad Request. */
  public static RtspHeaderException badRequest(String message) {
    return new RtspHeaderException(BAD_REQUEST, message);
  }

  /** A transport we cannot provide: answer 461 Unsupported Transport. */
  public static RtspHeaderException unsupportedTransport(String message) {
    return new RtspHeaderException(UNSUPPORTED_TRANSPORT, message);
  }

  /** The RTSP status code to answer with (400 or 461). */
  public int statusCode() {
    return statusCode;
  }
}
