package org.seamcache.proxy.rtsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RangeHeaderTest {

  record Case(String wire, RangeHeader value, String canonical) {
    String expectedFormat() {
      return canonical == null ? wire : canonical;
    }
  }

  record ErrorCase(String wire, String message) {}

  private static NptTime ms(long millis) {
    return NptTime.ofMillis(millis);
  }

  private static RangeHeader npt(NptTime start, NptTime end) {
    return new NptRange(Optional.ofNullable(start), Optional.ofNullable(end));
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("npt=10-", npt(ms(10_000), null), null),
        new Case("npt=10.5-20", npt(ms(10_500), ms(20_000)), null),
        new Case("npt=0.000-", npt(ms(0), null), "npt=0-"),
        new Case("npt=10.000-", npt(ms(10_000), null), "npt=10-"),
        new Case("npt=now-", npt(NptTime.NOW, null), null),
        new Case("npt=now-30", npt(NptTime.NOW, ms(30_000)), null),
        new Case("npt=-20", npt(null, ms(20_000)), null),
        new Case("npt=9.984-30", npt(ms(9_984), ms(30_000)), null),
        new Case("npt=0-30", npt(ms(0), ms(30_000)), null),
        new Case("npt=12:05:35.3-", npt(ms(43_535_300), null), "npt=43535.3-"),
        new Case("npt=0:00:01-0:01:00", npt(ms(1_000), ms(60_000)), "npt=1-60"),
        new Case("npt=3.0098-30", npt(NptTime.ofNanos(3_009_800_000L), ms(30_000)), "npt=3.01-30"),
        new Case("npt=1.0004-", npt(NptTime.ofNanos(1_000_400_000L), null), "npt=1-"),
        new Case("npt=1.9996-", npt(NptTime.ofNanos(1_999_600_000L), null), "npt=2-"),
        new Case("npt=0.1234567891-", npt(NptTime.ofNanos(123_456_789L), null), "npt=0.123-"),
        new Case(" NPT = 5 - 7 ", npt(ms(5_000), ms(7_000)), "npt=5-7"),
        new Case("smpte=10:07:00-10:07:33:05.01", new OpaqueRange("smpte=10:07:00-10:07:33:05.01"), null),
        new Case("clock=19961108T142300Z-19961108T143520Z",
            new OpaqueRange("clock=19961108T142300Z-19961108T143520Z"), null));
  }

  static Stream<ErrorCase> errors() {
    return Stream.of(
        new ErrorCase("npt=1-\n", "Range: value must not contain control characters such as CR or LF (RFC 2326 §15.1), found 0xa at 6"),
        new ErrorCase("", "Range: must be unit=range such as npt=10-, got ''"),
        new ErrorCase("10-20", "Range: must be unit=range such as npt=10-, got '10-20'"),
        new ErrorCase("bytes=0-100", "Range: unit must be npt, smpte or clock, got 'bytes'"),
        new ErrorCase("npt=10",
            "Range: npt range must be start-[end] or -end, one range without parameters, got 'npt=10'"),
        new ErrorCase("npt=10-;time=19970123T143720Z",
            "Range: npt range must be start-[end] or -end, one range without parameters, "
                + "got 'npt=10-;time=19970123T143720Z'"),
        new ErrorCase("npt=-", "Range: npt range needs a start or an end, got 'npt=-'"),
        new ErrorCase("npt=20-10", "Range: npt range start is after its end, got 'npt=20-10'"),
        new ErrorCase("npt=abc-",
            "Range: npt-time must be now, seconds[.fraction] or h:mm:ss[.fraction], got 'abc' in 'npt=abc-'"),
        new ErrorCase("npt=1:60:00-",
            "Range: npt-time must be now, seconds[.fraction] or h:mm:ss[.fraction], got '1:60:00' in 'npt=1:60:00-'"),
        new ErrorCase("npt=.5-",
            "Range: npt-time must be now, seconds[.fraction] or h:mm:ss[.fraction], got '.5' in 'npt=.5-'"),
        new ErrorCase("npt=99999999999999999999-",
            "Range: npt-time must be now, seconds[.fraction] or h:mm:ss[.fraction], "
                + "got '99999999999999999999' in 'npt=99999999999999999999-'"));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void parses(Case c) throws Exception {
    assertThat(RangeHeader.parse(c.wire())).isEqualTo(c.value());
  }

  @ParameterizedTest
  @MethodSource("cases")
  void formats(Case c) {
    assertThat(c.value().format()).isEqualTo(c.expectedFormat());
  }

  @ParameterizedTest
  @MethodSource("errors")
  void rejects(ErrorCase e) {
    assertThatThrownBy(() -> RangeHeader.parse(e.wire()))
        .isInstanceOf(RtspHeaderException.class)
        .hasMessage(e.message());
  }

  @Test
  void buildsTheRangesTheProxySends() {
    assertThat(NptRange.from(NptTime.ofSeconds(10.5)).format()).isEqualTo("npt=10.5-");
    assertThat(NptRange.between(NptTime.ofMillis(4_992), NptTime.ofSeconds(7.25)).format()).isEqualTo("npt=4.992-7.25");
    assertThat(NptTime.ofMillis(9_984).seconds()).isEqualTo(9.984);
  }
}
