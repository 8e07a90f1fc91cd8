package org.seamcache.proxy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Seeks: ffmpeg's -ss (PLAY Range: npt=X-) and a raw Range request through rtsp_capture. */
class VodSeekTest {

  @RegisterExtension static OriginServer origin = OriginServer.builder().build();

  @Test
  void ffmpegSeekToTenSecondsOverTcpStartsAtTenSeconds() {
    FfmpegDecode d = Ffmpeg.of(origin.vodUri()).transport(Transport.TCP).seekSeconds(10).durationSeconds(2).decode();
    assertThat(d.spotless()).as(d.describe()).isTrue();
    assertThat(d.firstVideoPtsSeconds().orElseThrow()).as(d.describe()).isBetween(9.9, 10.5);
    // 2 s of 25 fps video.
    assertThat(d.videoFrames()).as(d.describe()).isBetween(48L, 52L);
    assertThat(d.audio().orElseThrow().firstPtsSeconds().orElseThrow()).as(d.describe()).isBetween(9.9, 10.5);
  }

  @Test
  void ffmpegSeekOnTheVideoOnlyMountOverUdp() {
    FfmpegDecode d = Ffmpeg.of(origin.vodVideoUri()).transport(Transport.UDP).seekSeconds(10).durationSeconds(2).decode();
    // Warnings allowed: ffmpeg PLAYs from 0, then again from 10 s, and calls the seq jump "missed packets".
    assertThat(d.clean()).as(d.describe()).isTrue();
    assertThat(d.audio()).isEmpty();
    assertThat(d.firstVideoPtsSeconds().orElseThrow()).as(d.describe()).isBetween(9.9, 10.5);
    assertThat(d.videoFrames()).as(d.describe()).isBetween(48L, 52L);
  }

  @Test
  void rangeRequestStartsOnTheKeyframeWithParameterSets() {
    RtpCapture c = RtspCapture.of(origin.vodVideoUri()).transport(Transport.UDP).startNpt(10.5).seconds(1.5).capture();
    assertThat(c.run().succeeded()).as(c.describe()).isTrue();
    // The server snaps to the keyframe at 10 s and says so in the PLAY reply.
    assertThat(c.dialog()).contains("Range: npt=10");
    assertThat(c.loss(0).lost()).isZero();
    // First packet after the seek is an SPS (NAL type 7): a decoder can start right there.
    int firstNalType = Integer.parseInt(c.packets(0).get(0).head().substring(0, 2), 16) & 0x1f;
    assertThat(firstNalType).as(c.describe()).isEqualTo(7);
  }
}
