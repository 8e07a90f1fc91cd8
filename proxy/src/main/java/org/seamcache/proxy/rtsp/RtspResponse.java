package org.seamcache.proxy.rtsp;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;

/** A whole RTSP response, detached from Netty's reference-counted buffers. Immutable. */
public record RtspResponse(int status, String reason, HttpHeaders headers, String body) {

  public static RtspResponse of(FullHttpResponse response) {
    return new RtspResponse(
        response.status().code(),
        response.status().reasonPhrase(),
        response.headers().copy(),
        response.content().toString(StandardCharsets.UTF_8));
  }

  public boolean isSuccess() {
    return status >= 200 && status < 300;
  }

  public String header(CharSequence name) {
    return headers.get(name);
  }
}
