package org.seamcache.proxy.rtsp;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.FullHttpRequest;

/**
 * Marks a decoded request whose Request-URI is not printable ASCII as failed (400): a URI is ASCII (RFC 3986 §2;
 * other characters are percent-encoded). Netty's decoder reads the request line one byte per char while its encoder
 * writes the URI as UTF-8, so such a URI would not reach an origin as the viewer sent it. Stateless; shared.
 */
@Sharable
final class RequestUriCheck extends ChannelInboundHandlerAdapter {
  static final RequestUriCheck INSTANCE = new RequestUriCheck();

  private RequestUriCheck() {}

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof FullHttpRequest request && request.decoderResult().isSuccess() && !printableAscii(request.uri())) {
      request.setDecoderResult(DecoderResult.failure(
          new RtspStatusException(400, "Request-URI must be printable ASCII, other characters percent-encoded (RFC 3986 §2)")));
    }
    ctx.fireChannelRead(msg);
  }

  static boolean printableAscii(String uri) {
    for (int i = 0; i < uri.length(); i++) {
      char c = uri.charAt(i);
      if (c <= ' ' || c >= 0x7F) {
        return false;
      }
    }
    return true;
  }
}
