package org.seamcache.proxy.rtsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RtpInfoHeaderTest {

  record Case(String name, String wire, RtpInfoHeader value, String canonical) {
    String expectedFormat() {
      return canonical == null ? wire : canonical;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  record ErrorCase(String wire, String message) {}

  static Stream<Case> cases() {
    return Stream.of(
        new Case("ffmpeg session against GStreamer",
            "url=rtsp://127.0.0.1:8554/vod/stream=0;seq=20949;rtptime=406436899, "
                + "url=rtsp://127.0.0.1:8554/vod/stream=1;seq=26550;rtptime=102823251",
            RtpInfoHeader.of(RtpInfoEntry.of("rtsp://127.0.0.1:8554/vod/stream=0", 20949, 406436899L),
                RtpInfoEntry.of("rtsp://127.0.0.1:8554/vod/stream=1", 26550, 102823251L)), null),
        new Case("rtptime above 2^31",
            "url=rtsp://127.0.0.1:28554/vod/stream=1;seq=14406;rtptime=4099012701",
            RtpInfoHeader.of(RtpInfoEntry.of("rtsp://127.0.0.1:28554/vod/stream=1", 14406, 4099012701L)), null),
        new Case("seq and rtptime optional, any order, no space after comma",
            "url=rtsp://h/a/trackID=1;rtptime=0,url=rtsp://h/a/trackID=2;seq=65535,url=rtsp://h/a/trackID=3",
            RtpInfoHeader.of(
                new RtpInfoEntry("rtsp://h/a/trackID=1", OptionalInt.empty(), OptionalLong.of(0)),
                new RtpInfoEntry("rtsp://h/a/trackID=2", OptionalInt.of(65535), OptionalLong.empty()),
                new RtpInfoEntry("rtsp://h/a/trackID=3", OptionalInt.empty(), OptionalLong.empty())),
            "url=rtsp://h/a/trackID=1;rtptime=0, url=rtsp://h/a/trackID=2;seq=65535, url=rtsp://h/a/trackID=3"),
        new Case("URLs holding ';' and ',' (rare servers)",
            "url=rtsp://h/live;jsessionid=7,x/track1;seq=1;rtptime=2, url=rtsp://h/live;jsessionid=7,x/track2;seq=3",
            RtpInfoHeader.of(RtpInfoEntry.of("rtsp://h/live;jsessionid=7,x/track1", 1, 2),
                new RtpInfoEntry("rtsp://h/live;jsessionid=7,x/track2", OptionalInt.of(3), OptionalLong.empty())),
            null),
        new Case("quoted URL, relative URL, case and trailing comma tolerated",
            "URL=\"rtsp://h/v/track1\";SEQ=7;RTPTIME=8 ,  url=track2;seq=9;,",
            RtpInfoHeader.of(RtpInfoEntry.of("rtsp://h/v/track1", 7, 8),
                new RtpInfoEntry("track2", OptionalInt.of(9), OptionalLong.empty())),
            "url=rtsp://h/v/track1;seq=7;rtptime=8, url=track2;seq=9"),
        new Case("quoted URL that could not be read back bare stays quoted",
            "url=\"rtsp://h/a;seq=9,url=b \\\"x\\\"\";seq=1, url=rtsp://h/c",
            RtpInfoHeader.of(new RtpInfoEntry("rtsp://h/a;seq=9,url=b \"x\"", OptionalInt.of(1), OptionalLong.empty()),
                new RtpInfoEntry("rtsp://h/c", OptionalInt.empty(), OptionalLong.empty())),
            null));
  }

  static Stream<ErrorCase> errors() {
    return Stream.of(
        new ErrorCase("url=rtsp://h/a\r\n;seq=1", "RTP-Info: value must not contain control characters such as CR or LF (RFC 2326 §15.1), found 0xd at 14"),
        new ErrorCase("", "RTP-Info: header must hold at least one url=... entry"),
        new ErrorCase("seq=1;rtptime=2", "RTP-Info: each stream must start with url=, got 'seq=1;rtptime=2'"),
        new ErrorCase("url=;seq=1", "RTP-Info: url must not be empty, got 'url=;seq=1'"),
        new ErrorCase("url=rtsp://h/a;seq=65536",
            "RTP-Info: seq must appear once as an integer 0-65535, got 'url=rtsp://h/a;seq=65536'"),
        new ErrorCase("url=rtsp://h/a;seq=1;seq=2",
            "RTP-Info: seq must appear once as an integer 0-65535, got 'url=rtsp://h/a;seq=1;seq=2'"),
        new ErrorCase("url=rtsp://h/a;rtptime=4294967296",
            "RTP-Info: rtptime must appear once as an integer 0-4294967295, got 'url=rtsp://h/a;rtptime=4294967296'"),
        new ErrorCase("url=rtsp://h/a;rtptime=-1",
            "RTP-Info: rtptime must appear once as an integer 0-4294967295, got 'url=rtsp://h/a;rtptime=-1'"),
        new ErrorCase("url=\"rtsp://h/a;seq=1", "RTP-Info: quoted url is not closed, got 'url=\"rtsp://h/a;seq=1'"),
        new ErrorCase("url=\"rtsp://h/a\"x;seq=1",
            "RTP-Info: a quoted url must be followed by ';' or the end, got 'url=\"rtsp://h/a\"x;seq=1'"),
        new ErrorCase("url=rtsp://h/a;seq=1;ssrc=5", "RTP-Info: only url, seq and rtptime are defined, got 'ssrc=5'"));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void parses(Case c) throws Exception {
    assertThat(RtpInfoHeader.parse(c.wire())).isEqualTo(c.value());
  }

  @ParameterizedTest
  @MethodSource("cases")
  void formats(Case c) throws Exception {
    assertThat(c.value().format()).isEqualTo(c.expectedFormat());
    assertThat(RtpInfoHeader.parse(c.expectedFormat())).isEqualTo(c.value());
  }

  @ParameterizedTest
  @MethodSource("errors")
  void rejects(ErrorCase e) {
    assertThatThrownBy(() -> RtpInfoHeader.parse(e.wire()))
        .isInstanceOf(RtspHeaderException.class)
        .hasMessage(e.message());
  }

  @Test
  void findsTheEntryOfAStream() throws Exception {
    RtpInfoHeader h = RtpInfoHeader.parse("url=rtsp://h/v/stream=0;seq=1, url=rtsp://h/v/stream=1;seq=2");
    assertThat(h.entryFor("rtsp://h/v/stream=1")).map(RtpInfoEntry::seq).contains(OptionalInt.of(2));
    assertThat(h.entryFor("rtsp://h/v/stream=2")).isEmpty();
  }
}
