package org.seamcache.proxy.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.seamcache.proxy.fuzz.RoundTrip.check;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.seamcache.proxy.rtsp.RtspStatusException;
import org.seamcache.proxy.rtsp.Sdp;
import org.seamcache.proxy.rtsp.SdpException;
import org.seamcache.proxy.upstream.ContentDescription;

/**
 * An origin's DESCRIBE body: {@link Sdp} refuses only with {@link SdpException} and round-trips, and what the proxy
 * makes of it ({@link ContentDescription}: tracks, control URLs, the SDP it shows viewers) fails only with the 502
 * it answers the viewer. Seed corpus: the origin's real SDPs in {@code test-data/fuzz/proxy/SdpFuzzTestInputs}.
 */
class SdpFuzzTest {
  private static final URI ORIGIN_BASE = URI.create("rtsp://origin.example:8554/vod/");
  private static final String PROXY_URI = "rtsp://proxy.example:8554/origin.example:8554/vod";

  @FuzzTest
  void parse(byte[] input) {
    check(new String(input, StandardCharsets.UTF_8), Sdp::parse, Sdp::format, SdpException.class);
  }

  @FuzzTest
  void describe(byte[] input) {
    ContentDescription description;
    try {
      description = ContentDescription.parse(new String(input, StandardCharsets.UTF_8), ORIGIN_BASE);
    } catch (RtspStatusException e) {
      assertThat(e.status()).isEqualTo(502);
      return;
    }
    String shown = description.sdpFor(PROXY_URI);
    for (int i = 0; i < description.tracks().size(); i++) {
      assertThat(description.trackFor(PROXY_URI, description.proxyControlUri(PROXY_URI, i))).isEqualTo(i);
    }
    try {
      assertThat(Sdp.parse(shown).media()).hasSameSizeAs(description.sdp().media());
    } catch (SdpException e) {
      throw new AssertionError("the SDP shown to viewers does not parse: " + shown, e);
    }
  }
}
