package org.seamcache.proxy.rtsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SdpTest {

  /** The DESCRIBE body of the real GStreamer origin (test-data harness, vod-play-udp), stored with LF ends. */
  static String gstreamerVod() throws IOException {
    try (InputStream in = SdpTest.class.getResourceAsStream("gstreamer-vod.sdp")) {
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII).replace("\n", "\r\n");
    }
  }

  @Test
  void formatsTheRealOriginDescriptionByteForByte() throws Exception {
    String wire = gstreamerVod();
    assertThat(wire).hasSize(844); // the Content-Length GStreamer sent
    assertThat(Sdp.parse(wire).format()).isEqualTo(wire);
    assertThat(Sdp.parse(wire.replace("\r\n", "\n")).format()).isEqualTo(wire);
  }

  @Test
  void readsTheRealOriginDescription() throws Exception {
    Sdp sdp = Sdp.parse(gstreamerVod());
    assertThat(sdp.control()).contains("*");
    assertThat(sdp.attribute("type")).contains("broadcast");
    assertThat(sdp.range()).contains(new NptRange(Optional.of(NptTime.NOW), Optional.of(NptTime.ofMillis(30_000))));
    assertThat(sdp.attributes()).extracting(SdpAttribute::name).containsExactly("tool", "type", "control", "range");
    assertThat(sdp.media()).hasSize(2);

    SdpMedia video = sdp.media().get(0);
    assertThat(video.mediaType()).isEqualTo("video");
    assertThat(video.port()).isZero();
    assertThat(video.proto()).isEqualTo("RTP/AVP");
    assertThat(video.formats()).containsExactly("96");
    assertThat(video.payloadTypes()).containsExactly(96);
    assertThat(video.control()).contains("stream=0");
    assertThat(video.firstRtpMap()).contains(new RtpMap(96, "H264", 90000, OptionalInt.empty()));
    assertThat(video.fmtp(96)).hasValueSatisfying(f -> assertThat(f).startsWith("packetization-mode=1;"));
    assertThat(video.fmtpParameters(96)).containsEntry("packetization-mode", "1")
        .containsEntry("sprop-parameter-sets", "Z0LAHtoCgL/lwEQAAAMABAAAAwDIPFi6gA==,aM48gA==")
        .containsEntry("profile-level-id", "42c01e");
    assertThat(video.attributes()).extracting(SdpAttribute::name)
        .containsExactly("rtpmap", "framerate", "fmtp", "control", "ts-refclk", "mediaclk", "ssrc");
    assertThat(video.attribute("ssrc")).contains("3045544298 cname:user2067254178@host-ea134478");

    SdpMedia audio = sdp.media().get(1);
    assertThat(audio.mediaType()).isEqualTo("audio");
    assertThat(audio.rtpMap(97)).contains(new RtpMap(97, "MPEG4-GENERIC", 48000, OptionalInt.of(1)));
    assertThat(audio.fmtpParameters(97)).containsEntry("mode", "AAC-hbr").containsEntry("sizelength", "13");
    assertThat(audio.fmtp(96)).isEmpty();
  }

  @Test
  void resolvesControlUrlsAgainstContentBase() throws Exception {
    Sdp sdp = Sdp.parse(gstreamerVod());
    String base = "rtsp://127.0.0.1:28554/vod/";
    assertThat(sdp.aggregateControlUrl(base)).isEqualTo(base);
    assertThat(sdp.controlUrl(sdp.media().get(0), base)).isEqualTo("rtsp://127.0.0.1:28554/vod/stream=0");
    assertThat(sdp.controlUrl(sdp.media().get(1), base)).isEqualTo("rtsp://127.0.0.1:28554/vod/stream=1");
  }

  @Test
  void rewritesEveryControlToPointAtTheProxy() throws Exception {
    Sdp sdp = Sdp.parse(gstreamerVod());
    Sdp rewritten = sdp.withControls(c -> c.equals("*") ? "rtsp://proxy:8554/vod/" : "rtsp://proxy:8554/vod/" + c);
    assertThat(rewritten.control()).contains("rtsp://proxy:8554/vod/");
    assertThat(rewritten.media()).extracting(m -> m.control().orElseThrow())
        .containsExactly("rtsp://proxy:8554/vod/stream=0", "rtsp://proxy:8554/vod/stream=1");
    // nothing but the three control lines changed
    assertThat(rewritten.format())
        .isEqualTo(gstreamerVod()
            .replace("a=control:*", "a=control:rtsp://proxy:8554/vod/")
            .replace("a=control:stream=", "a=control:rtsp://proxy:8554/vod/stream="));
    assertThat(sdp.withControls(c -> c).format()).isEqualTo(gstreamerVod());
  }

  @Test
  void dropsAttributesEverywhere() throws Exception {
    Sdp sdp = Sdp.parse(gstreamerVod()).withoutAttributes("ssrc");
    assertThat(sdp.format()).doesNotContain("a=ssrc:").contains("a=ts-refclk:local");
    assertThat(sdp.media()).allSatisfy(m -> assertThat(m.attribute("ssrc")).isEmpty());
  }

  @Test
  void acceptsWhatRealServersSendBesidesGStreamer() throws Exception {
    // live555-style: absolute session control, trailing spaces, blank trailing lines, static payload type.
    String text = "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=cam\r\nt=0 0\r\na=control:rtsp://10.0.0.1/live/\r\n"
        + "m=video 0 RTP/AVP 96 97\r\na=rtpmap:96 H265/90000 \r\na=control:track1\r\n"
        + "m=audio 0 RTP/AVP 0\r\na=control:track2\r\n"
        + "m=application 0 RTP/AVP 107\r\na=rtpmap:107 vnd.onvif.metadata/90000\r\n\r\n\r\n";
    Sdp sdp = Sdp.parse(text);
    assertThat(sdp.media()).extracting(SdpMedia::mediaType).containsExactly("video", "audio", "application");
    assertThat(sdp.media().get(0).formats()).containsExactly("96", "97");
    assertThat(sdp.media().get(0).rtpMap(96)).map(RtpMap::encodingName).contains("H265");
    assertThat(sdp.media().get(0).rtpMap(97)).isEmpty();
    assertThat(sdp.media().get(1).firstRtpMap()).contains(new RtpMap(0, "PCMU", 8000, OptionalInt.of(1)));
    assertThat(sdp.controlUrl(sdp.media().get(0), "rtsp://other/")).isEqualTo("rtsp://10.0.0.1/live/track1");
    assertThat(sdp.controlUrl(sdp.media().get(2), "rtsp://other/")).isEqualTo("rtsp://10.0.0.1/live/");
    assertThat(sdp.range()).isEmpty();
    assertThat(sdp.format()).isEqualTo(text.replace("\r\n\r\n\r\n", "\r\n"));
  }

  record ErrorCase(String name, String text, String message) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<ErrorCase> errors() {
    return Stream.of(
        new ErrorCase("empty", "\r\n", "SDP: description is empty, description must start with v=0 (RFC 4566 §5.1)"),
        new ErrorCase("missing v=", "o=- 1 1 IN IP4 h\r\ns=x\r\n",
            "SDP line 1: description must start with v=0 (RFC 4566 §5.1), got 'o=- 1 1 IN IP4 h'"),
        new ErrorCase("wrong version", "v=1\r\n",
            "SDP line 1: description must start with v=0 (RFC 4566 §5.1), got 'v=1'"),
        new ErrorCase("not type=value", "v=0\r\ns=x\r\nhello\r\n",
            "SDP line 3: must be <type>=<value> with a one-letter type (RFC 4566 §5), got 'hello'"),
        new ErrorCase("HTML instead of SDP", "<html>\n",
            "SDP line 1: must be <type>=<value> with a one-letter type (RFC 4566 §5), got '<html>'"),
        new ErrorCase("m= without format", "v=0\r\nm=video 0 RTP/AVP\r\n",
            "SDP line 2: m= must be <media> <port>[/<count>] <proto> <fmt> ... (RFC 4566 §5.14), "
                + "got 'm=video 0 RTP/AVP'"),
        new ErrorCase("m= with bad port", "v=0\r\nm=video x RTP/AVP 96\r\n",
            "SDP line 2: m= must be <media> <port>[/<count>] <proto> <fmt> ... (RFC 4566 §5.14), "
                + "got 'm=video x RTP/AVP 96'"),
        new ErrorCase("RTP format not a payload type", "v=0\r\nm=video 0 RTP/AVP 96 H264\r\n",
            "SDP line 2: RTP formats must be payload types 0-127 (RFC 4566 §5.14), got 'm=video 0 RTP/AVP 96 H264'"),
        new ErrorCase("rtpmap without clock rate", "v=0\r\nm=video 0 RTP/AVP 96\r\na=rtpmap:96 H264\r\n",
            "SDP line 3: a=rtpmap must be <payload type 0-127> <encoding name>/<clock rate Hz>[/<channels>] "
                + "(RFC 4566 §6), got 'a=rtpmap:96 H264'"),
        new ErrorCase("rtpmap with zero clock rate", "v=0\r\nm=audio 0 RTP/AVP 97\r\na=rtpmap:97 opus/0/2\r\n",
            "SDP line 3: a=rtpmap must be <payload type 0-127> <encoding name>/<clock rate Hz>[/<channels>] "
                + "(RFC 4566 §6), got 'a=rtpmap:97 opus/0/2'"),
        new ErrorCase("rtpmap payload type out of range", "v=0\r\na=rtpmap:200 H264/90000\r\n",
            "SDP line 2: a=rtpmap must be <payload type 0-127> <encoding name>/<clock rate Hz>[/<channels>] "
                + "(RFC 4566 §6), got 'a=rtpmap:200 H264/90000'"));
  }

  @ParameterizedTest
  @MethodSource("errors")
  void rejects(ErrorCase e) {
    assertThatThrownBy(() -> Sdp.parse(e.text())).isInstanceOf(SdpException.class).hasMessage(e.message());
  }

  @ParameterizedTest
  @MethodSource("controls")
  void resolvesControls(String base, String control, String expected) {
    assertThat(ControlUrl.resolve(base, control)).isEqualTo(expected);
  }

  static Stream<Arguments> controls() {
    return Stream.of(
        args("rtsp://h:8554/vod/", "*", "rtsp://h:8554/vod/"),
        args("rtsp://h:8554/vod/", "", "rtsp://h:8554/vod/"),
        args("rtsp://h:8554/vod/", "stream=0", "rtsp://h:8554/vod/stream=0"),
        args("rtsp://h:8554/vod", "stream=0", "rtsp://h:8554/vod/stream=0"),
        args("rtsp://h:8554/vod/", "rtsp://o:554/x/trackID=1", "rtsp://o:554/x/trackID=1"),
        args("rtsp://h:8554/vod/", "RTSP://o/x", "RTSP://o/x"),
        args("rtsp://h:8554/vod/", "/other/track1", "rtsp://h:8554/other/track1"),
        args("rtsp://h:8554", "/track1", "rtsp://h:8554/track1"),
        args("rtsp://[::1]:8554/a?x=1", "/t", "rtsp://[::1]:8554/t"),
        args("rtsp://cam/live?channel=1", "trackID=1", "rtsp://cam/live?channel=1/trackID=1"));
  }

  private static Arguments args(Object... a) {
    return Arguments.of(a);
  }

  @Test
  void buildsValuesProgrammatically() {
    SdpMedia m = new SdpMedia(List.of(new SdpLine('m', "audio 0 RTP/AVP 97"), SdpLine.attribute("rtpmap",
        new RtpMap(97, "MPEG4-GENERIC", 48000, OptionalInt.of(2)).format())));
    Sdp sdp = new Sdp(List.of(new SdpLine('v', "0"), new SdpLine('s', "x")), List.of(m));
    assertThat(sdp.format()).isEqualTo("v=0\r\ns=x\r\nm=audio 0 RTP/AVP 97\r\na=rtpmap:97 MPEG4-GENERIC/48000/2\r\n");
    assertThat(m.fmtpParameters(97)).isEqualTo(Map.of());
    assertThatThrownBy(() -> new SdpMedia(List.of(new SdpLine('a', "x")))).isInstanceOf(IllegalArgumentException.class);
  }

  /** Fuzz finding (SdpFuzzTest#describe): a non-RTP proto's formats were read as payload types (NumberFormatException). */
  @Test
  void aMediaSectionThatIsNotRtpHasNoPayloadTypes() throws Exception {
    Sdp sdp = Sdp.parse("v=0\r\no=- 1 1 IN IP4 h\r\ns=x\r\nm=video 0 RTP,/=IN IP4 0.0.0.0\r\n");
    assertThat(sdp.media().get(0).formats()).containsExactly("IP4", "0.0.0.0");
    assertThat(sdp.media().get(0).payloadTypes()).isEmpty();
  }
}
