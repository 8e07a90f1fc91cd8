package org.seamcache.proxy.rtsp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.FullHttpRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The whole inbound codec chain: framer, Netty's RTSP decoder and the aggregator. */
class RtspPipelineTest {

  private static EmbeddedChannel channel() {
    EmbeddedChannel ch = new EmbeddedChannel();
    RtspPipeline.install(ch.pipeline());
    return ch;
  }

  @Test
  void requestsAndFramesComeOutInOrder() {
    EmbeddedChannel ch = channel();
    String req = "SET_PARAMETER rtsp://h/a RTSP/1.0\r\nCSeq: 3\r\nContent-Length: 4\r\n\r\nab\r\n";
    byte[] frame = {'$', 1, 0, 2, 9, 9};
    ch.writeInbound(Unpooled.wrappedBuffer(frame), Unpooled.copiedBuffer(req, StandardCharsets.US_ASCII));
    InterleavedFrame f = ch.readInbound();
    assertThat(f.channel()).isEqualTo(1);
    f.release();
    FullHttpRequest r = ch.readInbound();
    assertThat(r.method().name()).isEqualTo("SET_PARAMETER");
    assertThat(r.headers().get("CSeq")).isEqualTo("3");
    assertThat(r.content().toString(StandardCharsets.US_ASCII)).isEqualTo("ab\r\n");
    r.release();
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void anOverlongRequestLineBecomesAFailedMessage() {
    EmbeddedChannel ch = channel();
    String req = "DESCRIBE rtsp://h/" + "p".repeat(6000) + " RTSP/1.0\r\nCSeq: 1\r\n\r\n";
    ch.writeInbound(Unpooled.copiedBuffer(req, StandardCharsets.US_ASCII));
    Object msg = ch.readInbound();
    // Netty's decoder cannot tell a request from a response by then; either way it is a failure.
    assertThat(msg).isInstanceOf(FullHttpMessage.class);
    FullHttpMessage r = (FullHttpMessage) msg;
    assertThat(r.decoderResult().isFailure()).isTrue();
    assertThat(r.decoderResult().cause()).isInstanceOf(TooLongFrameException.class);
    r.release();
    ch.finishAndReleaseAll();
  }

  /**
   * Fuzz finding (RtspPipelineFuzzTest): a raw non-ASCII byte in the Request-URI came out as one Latin-1 char and
   * went on to the origin as two UTF-8 bytes. Such a request is now a failed message, answered 400.
   */
  @Test
  void aRequestUriThatIsNotAsciiIsRefused() {
    EmbeddedChannel ch = channel();
    byte[] req = "DESCRIBE rtsp://h/caf\u00e9 RTSP/1.0\r\nCSeq: 1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    ch.writeInbound(Unpooled.wrappedBuffer(req), Unpooled.copiedBuffer("OPTIONS * RTSP/1.0\r\nCSeq: 2\r\n\r\n", StandardCharsets.US_ASCII));
    FullHttpRequest refused = ch.readInbound();
    assertThat(refused.decoderResult().isFailure()).isTrue();
    assertThat(refused.decoderResult().cause()).isInstanceOf(RtspStatusException.class);
    assertThat(((RtspStatusException) refused.decoderResult().cause()).status()).isEqualTo(400);
    refused.release();
    FullHttpRequest fine = ch.readInbound();
    assertThat(fine.decoderResult().isSuccess()).isTrue();
    assertThat(fine.uri()).isEqualTo("*");
    fine.release();
    assertThat(ch.finish()).isFalse();
  }

  /** Fuzz finding (RtspPipelineFuzzTest): 0xFF bytes before "RTSP/1.0" became U+0178 in the version, '?' when re-encoded. */
  @Test
  void aVersionThatIsNotAsciiIsRefused() {
    EmbeddedChannel ch = channel();
    byte[] req = "PAUSE rtsp://h/a \u00ff\u00ffRTSP/1.0\r\nCSeq: 1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    ch.writeInbound(Unpooled.wrappedBuffer(req));
    FullHttpRequest refused = ch.readInbound();
    assertThat(refused.decoderResult().isFailure()).isTrue();
    assertThat(refused.decoderResult().cause()).hasMessageContaining("RTSP version");
    refused.release();
    assertThat(ch.finish()).isFalse();
  }
}
