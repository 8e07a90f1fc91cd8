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
  void aLateJoinerStartsAtOnceFromTheCachedKeyFrame() throws Exception {
    var first = RtspCapture.of(proxy.via(origin.liveUri())).transport(Transport.TCP).seconds(7).timeout(Duration.ofSeconds(30)).captureAsync();
    // the first viewer plays, and a key frame (1 s GOP) has passed since
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> proxy.server().status().viewers() >= 1);
    long in = proxy.server().status().packetsIn();
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> proxy.server().status().packetsIn() > in + 150);
    long before = proxy.server().status().gopJoins();
    RtpCapture late = RtspCapture.of(proxy.via(origin.liveUri())).transport(Transport.UDP).seconds(2).timeout(Duration.ofSeconds(30)).capture();
    assertThat(first.get().run().succeeded()).isTrue();
    assertThat(proxy.server().status().gopJoins()).as("served from the GOP cache").isEqualTo(before + 1);
    List<RtpCapture.CapturedPacket> video = late.packets(0);
    assertThat(video).as(late.describe()).isNotEmpty();
    int nalType = HexFormat.fromHexDigits(video.get(0).head().substring(0, 2)) & 0x1F;
    int fuType = nalType == 28 ? HexFormat.fromHexDigits(video.get(0).head().substring(2, 4)) & 0x1F : nalType;
    assertThat(fuType).as("first NAL type, head %s", video.get(0).head()).isIn(5, 7, 8);
    Matcher m = Pattern.compile("RTP-Info: .*?seq=(\\d+);rtptime=(\\d+)").matcher(late.dialog());
    assertThat(m.find()).as(late.dialog()).isTrue();
    assertThat(Integer.parseInt(m.group(1))).isEqualTo(video.get(0).seq());
    assertThat(Long.parseLong(m.group(2))).isEqualTo(video.get(0).rtpTime());
    assertThat(late.loss(0).lost()).as(late.describe()).isZero();
    System.out.printf("late joiner: PLAY answer -> first video packet %.1f ms (a cached key frame)%n", 1000 * video.get(0).arrivalSeconds());
  }

  @Test
  void gstreamerDecodesLiveThroughTheProxyOverUdpAndTcp() {
    for (Transport t : Transport.values()) {
      GstDecode d = GstDecode.judged(() -> GstLaunch.decodeVideo(proxy.via(origin.liveUri()), t, 50, Duration.ofSeconds(30)), 50, "over " + t);
      assertThat(d.succeeded()).as(d.describe()).isTrue();
    }
  }
}
