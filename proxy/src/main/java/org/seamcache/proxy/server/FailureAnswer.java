package org.seamcache.proxy.server;

import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpResponse;
import java.util.concurrent.CompletionException;
import org.seamcache.proxy.rtsp.RtspFramingException;
import org.seamcache.proxy.rtsp.RtspStatusException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answer a viewer gets when its request fails: an RTSP status and a short reason written by
 * the proxy. Messages of the libraries and the JDK (Netty's header validation, native socket
 * errors, argument checks) describe the proxy's insides, not the request, so they go to the debug
 * log only; an unexpected failure is logged with its stack trace and answered 500. Stateless.
 */
final class FailureAnswer {
  private static final Logger log = LoggerFactory.getLogger(FailureAnswer.class);
  static final String MALFORMED = "malformed request";

  private FailureAnswer() {}

  static FullHttpResponse forFailure(Throwable failure) {
    Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    if (t instanceof DecoderException && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof org.seamcache.proxy.rtsp.RtspRedirectException r) {
      FullHttpResponse moved = ViewerRequests.response(302, "Moved Temporarily");
      moved.headers().set("Location", r.location());
      return moved;
    }
    if (t instanceof RtspStatusException s) {
      if (s.getCause() != null) {
        log.debug("request failed with {}: {}", s.status(), s.getMessage(), s.getCause());
      }
      FullHttpResponse r = ViewerRequests.response(s.status(), ownPart(s));
      s.challenges().forEach(c -> r.headers().add("WWW-Authenticate", c));
      if (s instanceof org.seamcache.proxy.rtsp.RtspRetryLaterException later) {
        r.headers().set("Retry-After", Long.toString(later.retryAfterSeconds()));
      }
      return r;
    }
    if (t instanceof RtspFramingException f) {
      return ViewerRequests.response(f.status(), f.getMessage());
    }
    if (t instanceof TooLongFrameException || t instanceof IllegalArgumentException) {
      log.debug("request refused: {}", t.toString());
    }
    if (t instanceof TooLongFrameException) {
      // Netty says "An HTTP line is larger..." for the request line, "HTTP header is larger..." for headers.
      boolean requestLine = t.getMessage() != null && t.getMessage().contains("line");
      return requestLine
          ? ViewerRequests.response(414, "request line too long")
          : ViewerRequests.response(400, "header section too large");
    }
    if (t instanceof IllegalArgumentException) {
      return ViewerRequests.response(400, MALFORMED);
    }
    log.warn("request failed", t);
    return ViewerRequests.response(500, "internal error");
  }

  /**
   * The proxy's own words of a status failure: where a cause's message was appended to it
   * ({@code "origin x unreachable: " + cause.getMessage()}), the part before.
   */
  private static String ownPart(RtspStatusException s) {
    String message = s.getMessage();
    for (Throwable c = s.getCause(); c != null; c = c.getCause()) {
      if (c.getMessage() != null && !c.getMessage().isEmpty()) {
        int at = message.indexOf(": " + c.getMessage());
        if (at > 0) {
          return message.substring(0, at);
        }
        if (message.equals(c.getMessage())) {
          return "request failed";
        }
      }
    }
    return message;
  }
}
