package org.seamcache.proxy.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.seamcache.proxy.fuzz.RoundTrip.check;
import static org.seamcache.proxy.fuzz.RoundTrip.headerText;
import static org.seamcache.proxy.fuzz.RoundTrip.parseOrNull;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.seamcache.proxy.rtsp.AuthChallenge;
import org.seamcache.proxy.rtsp.CacheControlHeader;
import org.seamcache.proxy.rtsp.ControlUrl;
import org.seamcache.proxy.rtsp.DigestChallenge;
import org.seamcache.proxy.rtsp.DigestCheck;
import org.seamcache.proxy.rtsp.NptRange;
import org.seamcache.proxy.rtsp.NptTime;
import org.seamcache.proxy.rtsp.RangeHeader;
import org.seamcache.proxy.rtsp.RtpInfoHeader;
import org.seamcache.proxy.rtsp.RtspHeaderException;
import org.seamcache.proxy.rtsp.RtspUrl;
import org.seamcache.proxy.rtsp.SessionHeader;
import org.seamcache.proxy.rtsp.TransportHeader;
import org.seamcache.proxy.rtsp.WwwAuthenticateHeader;
import org.seamcache.proxy.server.ViewerAccess;

/**
 * Every typed RTSP header parser on arbitrary header values: refused only with {@link RtspHeaderException} (which
 * the proxy answers 400/461), and what parses survives {@code parse(format(v))} unchanged (see {@link RoundTrip}).
 * The input bytes are the header value as Netty hands it over (seed corpus: {@code test-data/fuzz/proxy}).
 */
class RtspHeaderFuzzTest {

  @FuzzTest
  void transport(byte[] input) {
    check(headerText(input), TransportHeader::parse, TransportHeader::format, RtspHeaderException.class);
  }

  @FuzzTest
  void session(byte[] input) {
    check(headerText(input), SessionHeader::parse, SessionHeader::format, RtspHeaderException.class);
  }

  /**
   * Range: npt (with NptTime's clock forms), smpte and clock ranges. NptTime formats to the millisecond (by design:
   * what players send and origins take), so an npt value round-trips to within half a millisecond of each end, and
   * exactly from its formatted form on (fuzz finding {@code npt=0-00.2222}, kept in the corpus).
   */
  @FuzzTest
  void range(byte[] input) {
    RangeHeader value = parseOrNull(headerText(input), RangeHeader::parse, RtspHeaderException.class);
    if (value == null) {
      return;
    }
    String formatted = value.format();
    check(formatted, RangeHeader::parse, RangeHeader::format, RtspHeaderException.class);
    RangeHeader again = parseOrNull(formatted, RangeHeader::parse, RtspHeaderException.class);
    if (value instanceof NptRange npt) {
      NptRange n = (NptRange) again;
      assertThat(nanos(n.start())).isCloseTo(nanos(npt.start()), within(NANOS_PER_MILLI / 2));
      assertThat(nanos(n.end())).isCloseTo(nanos(npt.end()), within(NANOS_PER_MILLI / 2));
      assertThat(n.start().map(NptTime::isNow)).isEqualTo(npt.start().map(NptTime::isNow));
      assertThat(n.end().map(NptTime::isNow)).isEqualTo(npt.end().map(NptTime::isNow));
    } else {
      assertThat(again).isEqualTo(value);
    }
  }

  private static final long NANOS_PER_MILLI = 1_000_000L;

  private static long nanos(Optional<NptTime> t) {
    return t.map(NptTime::nanos).orElse(-1L);
  }

  @FuzzTest
  void rtpInfo(byte[] input) {
    check(headerText(input), RtpInfoHeader::parse, RtpInfoHeader::format, RtspHeaderException.class);
  }

  /** Cache-Control has no encoder (the proxy only reads it): refusals only. */
  @FuzzTest
  void cacheControl(byte[] input) {
    parseOrNull(headerText(input), CacheControlHeader::parse, RtspHeaderException.class);
  }

  /** format() leaves the credentials out on purpose (request lines, logs): the round trip is of the rest. */
  @FuzzTest
  void rtspUrl(byte[] input) {
    check(headerText(input), text -> RtspUrl.parse(text).withoutCredentials(), RtspUrl::format, RtspHeaderException.class);
    // Log redaction and credential stripping take any string the URL parser may have refused.
    RtspUrl.redact(headerText(input));
    RtspUrl.withoutUserInfo(headerText(input));
  }

  /**
   * WWW-Authenticate from an origin, and the same auth-param syntax in a viewer's Authorization: the challenges,
   * then what the proxy reads from them (a Digest challenge to answer, a Digest answer to check).
   */
  @FuzzTest
  void authenticate(byte[] input) {
    String text = headerText(input);
    check(text, WwwAuthenticateHeader::parse, WwwAuthenticateHeader::format, RtspHeaderException.class);
    WwwAuthenticateHeader header;
    try {
      header = WwwAuthenticateHeader.parse(text);
    } catch (RtspHeaderException refused) {
      return;
    }
    for (AuthChallenge c : header.challenges()) {
      try {
        DigestChallenge.from(c);
      } catch (RtspHeaderException refused) {
        // an origin's unusable challenge: the proxy answers 502
      }
      DigestCheck.Answer.of(c);
    }
  }

  /** A viewer's Authorization header against a proxy with users, in Digest and in Basic mode: a refusal, never an exception. */
  @FuzzTest
  void authorization(byte[] input) {
    String text = headerText(input);
    for (boolean basic : new boolean[] {false, true}) {
      ViewerAccess access = new ViewerAccess(List.of(), Map.of("viewer", "secret"), basic, () -> 0L);
      Optional<ViewerAccess.Refusal> refusal =
          access.check(InetAddress.getLoopbackAddress(), "DESCRIBE", "rtsp://proxy/cam", text);
      refusal.ifPresent(r -> assertThat(r.status()).isEqualTo(401));
    }
  }

  /** Control URLs from an SDP resolved against a Content-Base: any two strings, no exception. */
  @FuzzTest
  void controlUrl(FuzzedDataProvider data) {
    String base = data.consumeString(200);
    String control = data.consumeRemainingAsString();
    String resolved = ControlUrl.resolve(base, control);
    assertThat(resolved).isNotNull();
    ControlUrl.isAbsolute(resolved);
  }
}
