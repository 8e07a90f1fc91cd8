package org.seamcache.proxy.rtsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SessionHeaderTest {

  record Case(String wire, SessionHeader value, String canonical, int effectiveTimeoutSeconds) {
    String expectedFormat() {
      return canonical == null ? wire : canonical;
    }
  }

  record ErrorCase(String wire, String message) {}

  static Stream<Case> cases() {
    return Stream.of(
        new Case("IoTrNUPM9EEWnthR", SessionHeader.of("IoTrNUPM9EEWnthR"), null, 60),
        new Case("GL+Qe3cH_FYtlPdr", SessionHeader.of("GL+Qe3cH_FYtlPdr"), null, 60),
        new Case("0BzkY7MfI3ejyca8;timeout=4", SessionHeader.of("0BzkY7MfI3ejyca8", 4), null, 4),
        new Case("12345678;timeout=60", SessionHeader.of("12345678", 60), null, 60),
        new Case("a$-_.+9", SessionHeader.of("a$-_.+9"), null, 60),
        new Case(" 47112344 ; Timeout = 30 ;", new SessionHeader("47112344", OptionalInt.of(30)),
            "47112344;timeout=30", 30));
  }

  static Stream<ErrorCase> errors() {
    return Stream.of(
        new ErrorCase("abc\u0000", "Session: value must not contain control characters such as CR or LF (RFC 2326 §15.1), found 0x0 at 3"),
        new ErrorCase("", "Session: session-id must be 1*(ALPHA / DIGIT / \"$-_.+\"), got ''"),
        new ErrorCase("abc def", "Session: session-id must be 1*(ALPHA / DIGIT / \"$-_.+\"), got 'abc def'"),
        new ErrorCase("abc=;timeout=5", "Session: session-id must be 1*(ALPHA / DIGIT / \"$-_.+\"), got 'abc='"),
        new ErrorCase("abc;timeout=", "Session: timeout must be delta-seconds (1-9 digits), got ''"),
        new ErrorCase("abc;timeout=-5", "Session: timeout must be delta-seconds (1-9 digits), got '-5'"),
        new ErrorCase("abc;timeout=9999999999", "Session: timeout must be delta-seconds (1-9 digits), got '9999999999'"),
        new ErrorCase("abc;timeout=5;timeout=6", "Session: parameter timeout may appear only once"),
        new ErrorCase("abc;foo=1", "Session: only the timeout parameter is defined, got 'foo=1'"),
        new ErrorCase("abc;=1", "Session: parameter name is empty in '=1'"));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void parses(Case c) throws Exception {
    SessionHeader parsed = SessionHeader.parse(c.wire());
    assertThat(parsed).isEqualTo(c.value());
    assertThat(parsed.effectiveTimeoutSeconds()).isEqualTo(c.effectiveTimeoutSeconds());
  }

  @ParameterizedTest
  @MethodSource("cases")
  void formats(Case c) throws Exception {
    assertThat(c.value().format()).isEqualTo(c.expectedFormat());
    assertThat(SessionHeader.parse(c.expectedFormat())).isEqualTo(c.value());
  }

  @ParameterizedTest
  @MethodSource("errors")
  void rejects(ErrorCase e) {
    assertThatThrownBy(() -> SessionHeader.parse(e.wire()))
        .isInstanceOf(RtspHeaderException.class)
        .hasMessage(e.message())
        .satisfies(t -> assertThat(((RtspHeaderException) t).statusCode()).isEqualTo(400));
  }
}
