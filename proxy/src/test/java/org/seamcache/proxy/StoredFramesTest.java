package org.seamcache.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.seamcache.proxy.e2e.Ffmpeg;
import org.seamcache.proxy.e2e.FfmpegDecode;
import org.seamcache.proxy.e2e.GstDecode;
import org.seamcache.proxy.e2e.GstLaunch;
import org.seamcache.proxy.e2e.OriginServer;
import org.seamcache.proxy.e2e.Transport;
import org.seamcache.storage.ContentState;

/**
 * Frame-perfect playback from disk, audio and video in sync: /vod (H.264 + AAC) is viewed once
 * through the proxy while a direct viewing gives the truth; with the origin stopped, ffmpeg over
 * TCP and UDP decodes from the proxy's disk the very frames of the direct viewing (framemd5) at the
 * same presentation times, a seek starts at the asked time, PAUSE stops the packets, and GStreamer
 * plays it.
 */
@Order(1)
class StoredFramesTest {
  @RegisterExtension static OriginServer origin = OriginServer.builder().build();
  @RegisterExtension static RunningProxy proxy = RunningProxy.allowingLoopback();

  @Test
  void laterViewersDecodeTheSameFramesInSyncFromDisk() throws Exception {
    URI direct = origin.vodUri();
    URI via = proxy.via(direct);
    CompletableFuture<FfmpegDecode> truthAsync = Ffmpeg.of(direct).transport(Transport.TCP).timeout(Duration.ofSeconds(60)).decodeAsync();
    FfmpegDecode first = Ffmpeg.of(via).transport(Transport.TCP).timeout(Duration.ofSeconds(60)).decode();
    FfmpegDecode truth = truthAsync.get();
    assertThat(truth.clean()).as(truth.describe()).isTrue();
    assertThat(first.clean()).as(first.describe()).isTrue();
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> proxy.server().recordedContents().stream()
        .anyMatch(c -> c.originUrl().endsWith("/vod") && c.state() == ContentState.COMPLETE));

    // the viewer's Cache-Control (RFC 2326 §12.8): only-if-cached is 504 for a title not cached,
    // no-cache goes to the origin although a complete copy is cached
    try (RawRtsp c = new RawRtsp(proxy.port())) {
      RawRtsp.Reply notCached = c.request("DESCRIBE", proxy.via(origin.vodVideoUri()).toString(), "CSeq: 1", "Cache-Control: only-if-cached");
      assertThat(notCached.status()).isEqualTo(504);
      long describesBefore = origin.requestLog().stream().filter(l -> l.contains("DESCRIBE") && l.endsWith("/vod")).count();
      assertThat(c.request("DESCRIBE", via.toString(), "CSeq: 2", "Cache-Control: no-cache").status()).isEqualTo(200);
      await().atMost(Duration.ofSeconds(10)).until(() ->
          origin.requestLog().stream().filter(l -> l.contains("DESCRIBE") && l.endsWith("/vod")).count() == describesBefore + 1);
    }

    origin.close();
    try (RawRtsp c = new RawRtsp(proxy.port())) {
      assertThat(c.request("DESCRIBE", via.toString(), "CSeq: 1", "Cache-Control: only-if-cached").status()).isEqualTo(200);
    }
    FfmpegDecode tcp = Ffmpeg.of(via).transport(Transport.TCP).timeout(Duration.ofSeconds(60)).decode();
    FfmpegDecode udp = Ffmpeg.of(via).transport(Transport.UDP).timeout(Duration.ofSeconds(60)).decode();
    for (FfmpegDecode fromDisk : new FfmpegDecode[] {tcp, udp}) {
      assertThat(fromDisk.clean()).as(fromDisk.describe()).isTrue();
      assertThat(fromDisk.video().orElseThrow().md5s()).as("video frames").isEqualTo(truth.video().orElseThrow().md5s());
      assertThat(fromDisk.audio().orElseThrow().md5s()).as("audio frames").isEqualTo(truth.audio().orElseThrow().md5s());
      // in sync: the first audio frame sits where it sits in the direct viewing, relative to the first video frame
      double skew = fromDisk.video().orElseThrow().firstPtsSeconds().orElseThrow() - fromDisk.audio().orElseThrow().firstPtsSeconds().orElseThrow();
      double truthSkew = truth.video().orElseThrow().firstPtsSeconds().orElseThrow() - truth.audio().orElseThrow().firstPtsSeconds().orElseThrow();
      System.out.printf("from disk: %d video, %d audio frames, A/V offset %.3f s (direct %.3f s)%n", fromDisk.videoFrames(),
          fromDisk.audioFrames(), skew, truthSkew);
      assertThat(skew).as("A/V offset, s").isCloseTo(truthSkew, org.assertj.core.data.Offset.offset(0.045));
    }
    assertThat(proxy.server().status().upstreamSessionsOpened()).as("the origin saw only the first viewing").isEqualTo(1);

    FfmpegDecode seek = Ffmpeg.of(via).transport(Transport.TCP).seekSeconds(10).durationSeconds(2).timeout(Duration.ofSeconds(40)).decode();
    assertThat(seek.clean()).as(seek.describe()).isTrue();
    assertThat(seek.videoFrames()).as(seek.describe()).isGreaterThanOrEqualTo(40);
    assertThat(seek.firstVideoPtsSeconds().orElseThrow()).as(seek.describe()).isBetween(9.9, 10.1);

    for (Transport t : Transport.values()) {
      GstDecode d = GstDecode.judged(() -> GstLaunch.decodeVideo(via, t, 50, Duration.ofSeconds(30)), 50, "over " + t);
      assertThat(d.succeeded()).as("%s: %s", t, d.describe()).isTrue();
    }

    PauseResumeCheck.run(proxy.port(), via.toString());
  }
}
