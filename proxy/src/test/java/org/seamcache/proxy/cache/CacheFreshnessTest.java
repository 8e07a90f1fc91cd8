package org.seamcache.proxy.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.seamcache.proxy.rtsp.CacheControlHeader;
import org.seamcache.proxy.rtsp.Sdp;
import org.seamcache.proxy.upstream.OriginCacheHeaders;

/** The freshness rules of RFC 2326 §12.8 as the cache applies them, and what counts as a changed title. */
class CacheFreshnessTest {
  private static final long T0 = 1_800_000_000_000L;
  private static final String SDP = "v=0\r\no=- 123 1 IN IP4 127.0.0.1\r\ns=x\r\nt=0 0\r\na=control:*\r\n"
      + "m=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=control:stream=0\r\na=ssrc:1 cname:a\r\n";

  private static OriginValidators fetched(String cacheControl, String etag) throws Exception {
    return OriginValidators.of(new OriginCacheHeaders(cacheControl, etag, null), Sdp.parse(SDP), T0);
  }

  private static CacheFreshness.Verdict at(OriginValidators v, long secondsLater, Duration routeMaxAge, String viewer) throws Exception {
    return CacheFreshness.judge(v, T0, T0 + secondsLater * 1000, routeMaxAge, CacheControlHeader.parse(viewer));
  }

  @Test
  void theOriginsMaxAgeBoundsTheAgeAndMustRevalidateForbidsStaleCopies() throws Exception {
    OriginValidators v = fetched("max-age=60", "\"a\"");
    assertThat(at(v, 60, null, null).askOrigin()).isFalse();
    CacheFreshness.Verdict stale = at(v, 61, null, null);
    assertThat(stale.askOrigin()).isTrue();
    assertThat(stale.serveStaleIfOriginFails()).isTrue();
    assertThat(stale.reason()).contains("61 s old", "max-age=60");

    OriginValidators strict = fetched("max-age=60, must-revalidate", null);
    assertThat(at(strict, 61, null, null).serveStaleIfOriginFails()).isFalse();
    assertThat(at(strict, 100, null, "max-stale=3600").askOrigin()).as("must-revalidate beats the viewer's max-stale").isTrue();
  }

  @Test
  void noCacheAsksEveryTimeAndAViewersMaxStaleAcceptsAStaleCopy() throws Exception {
    assertThat(at(fetched("no-cache", null), 0, null, null).askOrigin()).isTrue();
    OriginValidators v = fetched("max-age=10", null);
    assertThat(at(v, 30, null, "max-stale=20").askOrigin()).isFalse();
    assertThat(at(v, 31, null, "max-stale=20").askOrigin()).isTrue();
    assertThat(at(v, 10_000, null, "max-stale").askOrigin()).as("max-stale without a value: any staleness").isFalse();
  }

  @Test
  void anOriginThatSaysNothingIsBoundByTheRouteOrNotAtAll() throws Exception {
    OriginValidators silent = fetched(null, null);
    assertThat(at(silent, 1_000_000, null, null).askOrigin()).isFalse();
    assertThat(at(silent, 299, Duration.ofMinutes(5), null).askOrigin()).isFalse();
    CacheFreshness.Verdict stale = at(silent, 301, Duration.ofMinutes(5), null);
    assertThat(stale.askOrigin()).isTrue();
    assertThat(stale.reason()).contains("route's cache-max-age of 300 s");
    assertThat(at(fetched("max-age=zz", null), 301, Duration.ofMinutes(5), null).reason())
        .as("an unreadable header counts as none, and says so").contains("unreadable");
  }

  @Test
  void aTitleChangedByItsStrongestValidator() throws Exception {
    OriginValidators v1 = fetched(null, "\"v1\"");
    assertThat(v1.changedIn(fetched("max-age=5", "\"v1\""))).isNull();
    assertThat(v1.changedIn(fetched(null, "\"v2\""))).isEqualTo("ETag \"v1\" is now \"v2\"");

    // without ETags: a new session id is the same title; a new session version or other media is not
    OriginValidators plain = fetched(null, null);
    OriginValidators otherSession = OriginValidators.of(OriginCacheHeaders.NONE,
        Sdp.parse(SDP.replace("o=- 123 1", "o=- 987654 1").replace("a=ssrc:1", "a=ssrc:77")), T0);
    assertThat(plain.changedIn(otherSession)).isNull();
    OriginValidators newVersion = OriginValidators.of(OriginCacheHeaders.NONE, Sdp.parse(SDP.replace("o=- 123 1", "o=- 123 2")), T0);
    assertThat(plain.changedIn(newVersion)).contains("session version 1 is now 2");
    OriginValidators otherMedia = OriginValidators.of(OriginCacheHeaders.NONE, Sdp.parse(SDP.replace("H264/90000", "H265/90000")), T0);
    assertThat(plain.changedIn(otherMedia)).contains("other media");

    // kept with the recording and read back
    OriginValidators back = OriginValidators.fromAttributes(v1.toAttributes(), Sdp.parse(SDP), 0);
    assertThat(back).isEqualTo(v1);
  }
}
