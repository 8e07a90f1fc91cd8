package org.seamcache.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.seamcache.proxy.e2e.GstDecode;
import org.seamcache.proxy.e2e.GstLaunch;
import org.seamcache.proxy.e2e.OriginServer;
import org.seamcache.proxy.e2e.RtpCapture;
import org.seamcache.proxy.e2e.RtspCapture;
import org.seamcache.proxy.e2e.Transport;

/** Viewers of live content through the proxy: key-frame start, real clients over UDP and TCP. */
class LiveJoinTest {
  @RegisterExtension static OriginServer origin = OriginServer.builder().build();
  @RegisterExtension static RunningProxy proxy = RunningProxy.allowingLoopback();

  @Test
  void aJoiningViewerStartsOnAKeyFrameDescribedByRtpInfo() {
    RtpCapture capture = RtspCapture.of(proxy.via(origin.liveUri())).seconds(2.5).timeout(Duration.ofSeconds(30)).capture();
    List<RtpCapture.CapturedPacket> video = capture.packets(0);
    assertThat(video).as(capture.describe()).isNotEmpty();
    int nalType = HexFormat.fromHexDigits(video.get(0).head().substring(0, 2)) & 0x1F;
    // SPS (7), PPS (8) or IDR (5), whole or as the start of a fragment unit
    int fuType = nalType == 28 ? HexFormat.fromHexDigits(video.get(0).head().substring(2, 4)) & 0x1F : nalType;
    assertThat(fuType).as("first NAL type, head %s", video.get(0).head()).isIn(5, 7, 8);
    Matcher m = Pattern.compile("RTP-Info: .*?seq=(\\d+);rtptime=(\\d+)").matcher(capture.dialog());
    assertThat(m.find()).as(capture.dialog()).isTrue();
    assertThat(Integer.parseInt(m.group(1))).isEqualTo(video.get(0).seq());
    assertThat(Long.parseLong(m.group(2))).isEqualTo(video.get(0).rtpTime());
  }

  @Test
  void gstreamerDecodesLiveThroughTheProxyOverUdpAndTcp() {
    for (Transport t : Transport.values()) {
      GstDecode d = GstLaunch.decodeVideo(proxy.via(origin.liveUri()), t, 50, Duration.ofSeconds(30));
      assertThat(d.succeeded()).as(d.describe()).isTrue();
    }
  }
}
