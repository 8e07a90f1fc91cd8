package org.seamcache.proxy.rtsp;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.FullHttpRequest;

/**
 * Marks a decoded request whose request line (method, Request-URI, version) is not printable ASCII as failed (400):
 * RTSP's request line is ASCII (RFC 2326 §6.1; a URI's other characters are percent-encoded, RFC 3986 §2). Netty's
 * decoder reads the line one byte per char (and upper-cases the version, turning 0xFF into U+0178) while its encoder
 * writes the URI as UTF-8 and other chars as '?', so such a request would not reach an origin as the viewer sent it.
 * Stateless; shared.
 */
@Sharable
final class RequestLineCheck extends ChannelInboundHandlerAdapter {
  static final RequestLineCheck INSTANCE = new RequestLineCheck();

  private RequestLineCheck() {}

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof FullHttpRequest request && request.decoderResult().isSuccess()) {
      String broken = !printableAscii(request.method().name()) ? "method"
          : !printableAscii(request.uri()) ? "Request-URI"
          : !printableAscii(request.protocolVersion().text()) ? "RTSP version"
          : null;
      if (broken != null) {
        request.setDecoderResult(DecoderResult.failure(new RtspStatusException(400,
            "the request line's " + broken + " must be printable ASCII (RFC 2326 §6.1, RFC 3986 §2)")));
      }
    }
    ctx.fireChannelRead(msg);
  }

  static boolean printableAscii(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c <= ' ' || c >= 0x7F) {
        return false;
      }
    }
    return true;
  }
}
