package org.seamcache.proxy.rtsp;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;

/**
 * Joins a decoded RTSP message's head and body into one message, like Netty's HTTP aggregator,
 * but never answers {@code Expect: 100-continue} itself: that answer is an HTTP/1.1 interim line
 * ({@code HTTP/1.1 100 Continue}), which is garbage on an RTSP connection. The framer in front has
 * already waited for the whole body, so the request is simply answered as any other.
 */
final class RtspMessageAggregator extends HttpObjectAggregator {

  RtspMessageAggregator(int maxContentLength) {
    super(maxContentLength);
  }

  @Override
  protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
    return null;
  }
}
