package org.seamcache.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.seamcache.proxy.e2e.Ffmpeg;
import org.seamcache.proxy.e2e.FfmpegDecode;
import org.seamcache.proxy.e2e.GstDecode;
import org.seamcache.proxy.e2e.GstLaunch;
import org.seamcache.proxy.e2e.OriginServer;
import org.seamcache.proxy.e2e.Transport;

/** Stored content through the proxy: Range seeks and PAUSE/resume reach the origin and work; GStreamer plays it. */
class ProxiedSeekAndPauseTest {
  @RegisterExtension static OriginServer origin = OriginServer.builder().build();
  @RegisterExtension static RunningProxy proxy = RunningProxy.allowingLoopback();

  @Test
  void ffmpegSeekStartsAtTheAskedPosition() {
    FfmpegDecode d = Ffmpeg.of(proxy.via(origin.vodUri())).transport(Transport.TCP).seekSeconds(10).durationSeconds(2).timeout(Duration.ofSeconds(40)).decode();
    assertThat(d.clean()).as(d.describe()).isTrue();
    assertThat(d.videoFrames()).as(d.describe()).isGreaterThanOrEqualTo(40);
    assertThat(d.firstVideoPtsSeconds().orElseThrow()).as(d.describe()).isBetween(9.9, 10.1);
  }

  @Test
  void gstreamerDecodesStoredContentThroughTheProxyOverUdpAndTcp() {
    for (Transport t : Transport.values()) {
      GstDecode d = GstDecode.judged(() -> GstLaunch.decodeVideo(proxy.via(origin.vodUri()), t, 50, Duration.ofSeconds(30)), 50, "over " + t);
      assertThat(d.succeeded()).as("%s: %s", t, d.describe()).isTrue();
    }
  }

  @Test
  void pauseStopsThePacketsAndPlayResumesThem() throws Exception {
    PauseResumeCheck.run(proxy.port(), proxy.via(origin.vodVideoUri()).toString());
  }
}
