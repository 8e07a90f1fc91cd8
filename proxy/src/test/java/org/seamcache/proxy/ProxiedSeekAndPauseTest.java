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
      GstDecode d = GstLaunch.decodeVideo(proxy.via(origin.vodUri()), t, 50, Duration.ofSeconds(30));
      assertThat(d.succeeded()).as("%s: %s", t, d.describe()).isTrue();
    }
  }

  @Test
  void pauseStopsThePacketsAndPlayResumesThem() throws Exception {
    String vod = proxy.via(origin.vodVideoUri()).toString();
    try (RawRtsp c = new RawRtsp(proxy.port())) {
      assertThat(c.request("DESCRIBE", vod, "CSeq: 1").status()).isEqualTo(200);
      RawRtsp.Reply setup = c.request("SETUP", vod + "/stream=0", "CSeq: 2", "Transport: RTP/AVP/TCP;unicast;interleaved=0-1");
      assertThat(setup.status()).isEqualTo(200);
      String session = "Session: " + setup.header("Session").split(";")[0];
      RawRtsp.Reply play = c.request("PLAY", vod, "CSeq: 3", session, "Range: npt=5-");
      assertThat(play.status()).isEqualTo(200);
      assertThat(play.header("RTP-Info")).contains(vod + "/stream=0").contains("seq=").contains("rtptime=");
      assertThat(play.header("Range")).startsWith("npt=5");
      assertThat(c.countFrames(0, 1500)).as("packets while playing").isGreaterThan(30);

      c.send("PAUSE " + vod + " RTSP/1.0\r\nCSeq: 4\r\n" + session + "\r\n\r\n");
      assertThat(c.read().status()).isEqualTo(200);
      c.countFrames(0, 300); // what was in flight
      assertThat(c.countFrames(0, 1200)).as("packets while paused").isZero();

      assertThat(c.request("PLAY", vod, "CSeq: 5", session).status()).isEqualTo(200);
      assertThat(c.countFrames(0, 1500)).as("packets after resuming").isGreaterThan(30);
      assertThat(c.request("TEARDOWN", vod, "CSeq: 6", session).status()).isEqualTo(200);
    }
  }
}
