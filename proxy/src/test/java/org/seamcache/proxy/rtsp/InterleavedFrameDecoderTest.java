package org.seamcache.proxy.rtsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InterleavedFrameDecoderTest {

  private static final String OPTIONS = "OPTIONS rtsp://h/a RTSP/1.0\r\nCSeq: 1\r\n\r\n";
  private static final String SET_PARAMETER =
      "SET_PARAMETER rtsp://h/a RTSP/1.0\r\nCSeq: 2\r\nContent-Length: 5\r\n\r\n$abcd";
  private static final byte[] FRAME_PAYLOAD = {(byte) 0x80, 0x60, 0, 1, '$', '\r', '\n', 9};

  /** Two messages and two frames; the body of SET_PARAMETER starts with '$' on purpose. */
  private static byte[] input() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(OPTIONS.getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(new byte[] {'$', 0, 0, (byte) FRAME_PAYLOAD.length});
    out.writeBytes(FRAME_PAYLOAD);
    out.writeBytes(SET_PARAMETER.getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(new byte[] {'\r', '\n', '$', 3, 0, 0}); // stray CRLF, then an empty RTCP frame
    return out.toByteArray();
  }

  private static List<String> decodeInPieces(byte[] input, int... cuts) {
    EmbeddedChannel ch = new EmbeddedChannel(new InterleavedFrameDecoder(1024, 1024));
    int from = 0;
    for (int cut : cuts) {
      ch.writeInbound(Unpooled.wrappedBuffer(input, from, cut - from));
      from = cut;
    }
    ch.writeInbound(Unpooled.wrappedBuffer(input, from, input.length - from));
    List<String> seen = new ArrayList<>();
    for (Object msg; (msg = ch.readInbound()) != null; ) {
      if (msg instanceof InterleavedFrame f) {
        seen.add("frame " + f.channel() + " " + ByteBufUtil.hexDump(f.content()));
        f.release();
      } else {
        ByteBuf b = (ByteBuf) msg;
        seen.add(b.toString(StandardCharsets.US_ASCII));
        b.release();
      }
    }
    assertThat(ch.finish()).isFalse();
    return seen;
  }

  private static final List<String> EXPECTED =
      List.of(
          OPTIONS,
          "frame 0 " + ByteBufUtil.hexDump(FRAME_PAYLOAD),
          SET_PARAMETER,
          "frame 3 ");

  @Test
  void everySingleSplitGivesTheSameMessagesAndFrames() {
    byte[] input = input();
    for (int cut = 0; cut <= input.length; cut++) {
      assertThat(decodeInPieces(input, cut)).as("split at %d", cut).isEqualTo(EXPECTED);
    }
  }

  @Test
  void everyPairOfSplitsGivesTheSameMessagesAndFrames() {
    byte[] input = input();
    for (int a = 0; a <= input.length; a++) {
      for (int b = a; b <= input.length; b++) {
        assertThat(decodeInPieces(input, a, b)).as("splits at %d,%d", a, b).isEqualTo(EXPECTED);
      }
    }
  }

  @Test
  void byteByByteGivesTheSameMessagesAndFrames() {
    byte[] input = input();
    int[] cuts = new int[input.length - 1];
    for (int i = 0; i < cuts.length; i++) {
      cuts[i] = i + 1;
    }
    assertThat(decodeInPieces(input, cuts)).isEqualTo(EXPECTED);
  }

  @Test
  void oversizedHeaderSectionIsA400AndTheRestIsDiscarded() {
    EmbeddedChannel ch = new EmbeddedChannel(new InterleavedFrameDecoder(64, 1024));
    byte[] big = ("OPTIONS rtsp://h/a RTSP/1.0\r\nX: " + "a".repeat(100)).getBytes(StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> ch.writeInbound(Unpooled.wrappedBuffer(big)))
        .rootCause()
        .isInstanceOf(RtspFramingException.class)
        .hasMessageContaining("header section exceeds 64 bytes")
        .satisfies(e -> assertThat(((RtspFramingException) e).status()).isEqualTo(400));
    ch.writeInbound(Unpooled.wrappedBuffer(OPTIONS.getBytes(StandardCharsets.US_ASCII)));
    assertThat((Object) ch.readInbound()).isNull();
    ch.finishAndReleaseAll();
  }

  @Test
  void oversizedBodyIsA413() {
    EmbeddedChannel ch = new EmbeddedChannel(new InterleavedFrameDecoder(1024, 16));
    byte[] msg = "SET_PARAMETER * RTSP/1.0\r\nContent-Length: 17\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> ch.writeInbound(Unpooled.wrappedBuffer(msg)))
        .rootCause()
        .isInstanceOf(RtspFramingException.class)
        .satisfies(e -> assertThat(((RtspFramingException) e).status()).isEqualTo(413));
    ch.finishAndReleaseAll();
  }

  @Test
  void malformedContentLengthIsA400() {
    assertThat(InterleavedFrameDecoder.contentLength("A: b\r\ncontent-length: 12")).isEqualTo(12);
    assertThat(InterleavedFrameDecoder.contentLength("A: b")).isZero();
    assertThat(InterleavedFrameDecoder.contentLength("Content-Length: -1")).isEqualTo(-1);
    assertThat(InterleavedFrameDecoder.contentLength("Content-Length: 99999999999")).isEqualTo(-1);
  }

  @Test
  void encoderWritesHeaderThenTheSamePayload() {
    EmbeddedChannel ch = new EmbeddedChannel(InterleavedFrameEncoder.INSTANCE);
    ByteBuf payload = Unpooled.wrappedBuffer(FRAME_PAYLOAD);
    ch.writeOutbound(new InterleavedFrame(2, payload));
    ByteBuf header = ch.readOutbound();
    ByteBuf body = ch.readOutbound();
    assertThat(ByteBufUtil.hexDump(header)).isEqualTo("24020008");
    assertThat(body.unwrap() == payload || body == payload).as("payload not copied").isTrue();
    header.release();
    body.release();
    assertThat(ch.finish()).isFalse();
  }
}
