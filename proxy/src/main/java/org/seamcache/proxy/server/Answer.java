package org.seamcache.proxy.server;

import io.netty.handler.codec.http.FullHttpResponse;

/**
 * An RTSP response and what must happen right after it is written to the connection (a PLAY
 * answer releases the viewer's held packets, so they follow the answer on the wire).
 */
record Answer(FullHttpResponse response, Runnable afterWrite) {
  static Answer of(FullHttpResponse response) {
    return new Answer(response, () -> {});
  }
}
