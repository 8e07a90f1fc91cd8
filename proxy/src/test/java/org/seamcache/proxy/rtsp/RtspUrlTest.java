package org.seamcache.proxy.rtsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RtspUrlTest {

  /** {@code wire} parses to {@code value} (which connects to {@code port}) and formats to {@code canonical}. */
  record Case(String wire, RtspUrl value, int port, String canonical) {
    String expectedFormat() {
      return canonical == null ? wire : canonical;
    }
  }

  record ErrorCase(String wire, String message) {}

  private static RtspUrl url(String scheme, Credentials c, String host, Integer port, String path) {
    return new RtspUrl(scheme, Optional.ofNullable(c), host,
        port == null ? OptionalInt.empty() : OptionalInt.of(port), path);
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("rtsp://127.0.0.1:8554/vod", url("rtsp", null, "127.0.0.1", 8554, "/vod"), 8554, null),
        new Case("rtsp://origin.example.com/path/file.mp4",
            url("rtsp", null, "origin.example.com", null, "/path/file.mp4"), 554, null),
        new Case("rtsp://cam", url("rtsp", null, "cam", null, ""), 554, null),
        new Case("rtsps://cam:8322/s?x=1&y=2", url("rtsps", null, "cam", 8322, "/s?x=1&y=2"), 8322, null),
        new Case("rtsps://cam/", url("rtsps", null, "cam", null, "/"), 322, null),
        new Case("rtsp://[::1]:8554/vod/stream=0", url("rtsp", null, "::1", 8554, "/vod/stream=0"), 8554, null),
        new Case("rtsp://[2001:db8::7]/live", url("rtsp", null, "2001:db8::7", null, "/live"), 554, null),
        new Case("rtsp://admin:s3cret@10.0.0.5:554/Streaming/Channels/101",
            url("rtsp", new Credentials("admin", "s3cret"), "10.0.0.5", 554, "/Streaming/Channels/101"), 554,
            "rtsp://10.0.0.5:554/Streaming/Channels/101"),
        new Case("rtsp://admin:p@ss:w0rd@cam/live",
            url("rtsp", new Credentials("admin", "p@ss:w0rd"), "cam", null, "/live"), 554, "rtsp://cam/live"),
        new Case("RTSP://us%40er:p%25%20w+d%C3%A9@[fe80::1]:10554?q",
            url("rtsp", new Credentials("us@er", "p% w+dé"), "fe80::1", 10554, "?q"), 10554,
            "rtsp://[fe80::1]:10554?q"),
        new Case("rtsp://viewer@cam/x", url("rtsp", new Credentials("viewer", ""), "cam", null, "/x"), 554,
            "rtsp://cam/x"));
  }

  static Stream<ErrorCase> errors() {
    return Stream.of(
        new ErrorCase("rtsp://u:pw@h/a b", "RTSP URL: must not contain spaces or control characters (RFC 3986 §2), found 0x20 at 15 in 'rtsp://***@h/a b'"),
        new ErrorCase("http://h/x",
            "RTSP URL: must be rtsp://[user[:password]@]host[:port][/path] (RFC 2326 §3.2), got 'http://h/x'"),
        new ErrorCase("/vod",
            "RTSP URL: must be rtsp://[user[:password]@]host[:port][/path] (RFC 2326 §3.2), got '/vod'"),
        new ErrorCase("rtsp:///vod", "RTSP URL: host is empty in 'rtsp:///vod'"),
        new ErrorCase("rtsp://u:secret@:554/vod", "RTSP URL: host is empty in 'rtsp://***@:554/vod'"),
        new ErrorCase("rtsp://h:0/x", "RTSP URL: port must be 1-65535, got '0'"),
        new ErrorCase("rtsp://h:65536/x", "RTSP URL: port must be 1-65535, got '65536'"),
        new ErrorCase("rtsp://h:/x", "RTSP URL: port must be 1-65535, got ''"),
        new ErrorCase("rtsp://[::1/x", "RTSP URL: IPv6 host must be closed by ']', got 'rtsp://[::1/x'"),
        new ErrorCase("rtsp://[::1]x/y",
            "RTSP URL: must be rtsp://[user[:password]@]host[:port][/path] (RFC 2326 §3.2), got 'rtsp://[::1]x/y'"),
        new ErrorCase("rtsp://u:bad%2@h/x",
            "RTSP URL: '%' must be followed by two hex digits in the userinfo of 'rtsp://***@h/x'"),
        // fuzz findings (RtspHeaderFuzzTest#rtspUrl): brackets around no IPv6 address formatted to a URL that did not parse
        new ErrorCase("rtsp://[[f0f0]/",
            "RTSP URL: '[...]' must hold an IPv6 address (RFC 3986 §3.2.2), got 'rtsp://[[f0f0]/'"),
        new ErrorCase("rtsp://[cam]/live",
            "RTSP URL: '[...]' must hold an IPv6 address (RFC 3986 §3.2.2), got 'rtsp://[cam]/live'"),
        new ErrorCase("rtsp://ca]m/live",
            "RTSP URL: '[' and ']' may only enclose an IPv6 host (RFC 3986 §3.2.2), got 'rtsp://ca]m/live'"));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void parses(Case c) throws Exception {
    RtspUrl parsed = RtspUrl.parse(c.wire());
    assertThat(parsed).isEqualTo(c.value());
    assertThat(parsed.port()).isEqualTo(c.port());
  }

  @ParameterizedTest
  @MethodSource("cases")
  void formatsWithoutCredentials(Case c) throws Exception {
    assertThat(c.value().format()).isEqualTo(c.expectedFormat());
    assertThat(c.value().toString()).isEqualTo(c.expectedFormat());
    assertThat(RtspUrl.parse(c.expectedFormat())).isEqualTo(c.value().withoutCredentials());
  }

  @ParameterizedTest
  @MethodSource("errors")
  void rejects(ErrorCase e) {
    assertThatThrownBy(() -> RtspUrl.parse(e.wire()))
        .isInstanceOf(RtspHeaderException.class)
        .hasMessage(e.message());
  }

  @Test
  void rewritesThePathForTheUrlPrefixAddressing() throws Exception {
    RtspUrl origin = RtspUrl.parse("rtsp://u:p@origin.example.com:554/a");
    assertThat(origin.withPathAndQuery("/path/file.mp4").format())
        .isEqualTo("rtsp://origin.example.com:554/path/file.mp4");
    assertThat(origin.withPathAndQuery("/b").credentials()).contains(new Credentials("u", "p"));
    assertThat(origin.authority()).isEqualTo("origin.example.com:554");
  }
}
