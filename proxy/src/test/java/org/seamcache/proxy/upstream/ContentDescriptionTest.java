package org.seamcache.proxy.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.seamcache.proxy.rtsp.RtspStatusException;

/** The real GStreamer DESCRIBE body, as the proxy reads and re-presents it. */
class ContentDescriptionTest {
  private static final URI BASE = URI.create("rtsp://127.0.0.1:8554/vod/");
  private static final String PROXY = "rtsp://10.0.0.1:8554/127.0.0.1:8554/vod";

  private static String gstreamerVod() throws Exception {
    try (InputStream in = ContentDescriptionTest.class.getResourceAsStream("/org/seamcache/proxy/rtsp/gstreamer-vod.sdp")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void readsTracksClocksAndControls() throws Exception {
    ContentDescription d = ContentDescription.parse(gstreamerVod(), BASE);
    assertThat(d.seekable()).as("a=range:npt=now-30 has an end").isTrue();
    assertThat(d.tracks()).hasSize(2);
    assertThat(d.tracks().get(0)).satisfies(t -> {
      assertThat(t.encodingName()).isEqualTo("H264");
      assertThat(t.clockRateHz()).isEqualTo(90000);
      assertThat(t.originControlUri()).hasToString("rtsp://127.0.0.1:8554/vod/stream=0");
    });
    assertThat(d.tracks().get(1).encodingName()).isEqualTo("MPEG4-GENERIC");
    assertThat(d.tracks().get(1).clockRateHz()).isEqualTo(48000);
  }

  @Test
  void viewersSeeControlsAtTheProxyAndTheyMapBack() throws Exception {
    ContentDescription d = ContentDescription.parse(gstreamerVod(), BASE);
    String sdp = d.sdpFor(PROXY);
    assertThat(sdp).contains("a=control:" + PROXY + "/stream=0\r\n", "a=control:" + PROXY + "/stream=1\r\n", "a=control:*\r\n");
    assertThat(sdp).doesNotContain("a=control:stream=");
    assertThat(d.trackFor(PROXY, PROXY + "/stream=1")).isEqualTo(1);
    assertThat(d.trackFor(PROXY, PROXY + "/stream=0/")).isZero();
    assertThat(d.trackFor(PROXY, PROXY + "/stream=7")).isEqualTo(-1);
  }

  @Test
  void liveHasNoEndAndBrokenSdpIsTheOriginsFault() throws Exception {
    String live = gstreamerVod().replace("a=range:npt=now-30", "a=range:npt=now-");
    assertThat(ContentDescription.parse(live, BASE).seekable()).isFalse();
    assertThatThrownBy(() -> ContentDescription.parse("not sdp at all", BASE))
        .isInstanceOf(RtspStatusException.class)
        .satisfies(e -> assertThat(((RtspStatusException) e).status()).isEqualTo(502));
  }

  /** Fuzz finding (SdpFuzzTest#describe): two tracks with one control were both offered under it. */
  @Test
  void tracksSharingAControlAreOfferedUnderTheirIndexes() throws Exception {
    String twice = gstreamerVod().replace("a=control:stream=1", "a=control:stream=0");
    ContentDescription d = ContentDescription.parse(twice, BASE);
    assertThat(d.proxyControlUri(PROXY, 0)).isEqualTo(PROXY + "/trackID=0");
    assertThat(d.proxyControlUri(PROXY, 1)).isEqualTo(PROXY + "/trackID=1");
    assertThat(d.trackFor(PROXY, PROXY + "/trackID=1")).isEqualTo(1);
    assertThat(d.tracks().get(1).originControlUri()).hasToString("rtsp://127.0.0.1:8554/vod/stream=0");
  }

  /** Fuzz finding (SdpFuzzTest#describe): a control that is no URL escaped as IllegalArgumentException, not a 502. */
  @Test
  void aControlThatIsNoUrlIsTheOriginsFault() throws Exception {
    String broken = gstreamerVod().replace("a=control:stream=1", "a=control:stream 1%");
    assertThatThrownBy(() -> ContentDescription.parse(broken, BASE))
        .isInstanceOf(RtspStatusException.class)
        .satisfies(e -> assertThat(((RtspStatusException) e).status()).isEqualTo(502));
  }
}
