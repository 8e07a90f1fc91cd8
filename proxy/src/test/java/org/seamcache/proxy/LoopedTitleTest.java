package org.seamcache.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.seamcache.proxy.cache.LoopCount;
import org.seamcache.proxy.e2e.CommandResult;
import org.seamcache.proxy.e2e.CommandRunner;
import org.seamcache.proxy.e2e.Ffmpeg;
import org.seamcache.proxy.e2e.FfmpegDecode;
import org.seamcache.proxy.e2e.HarnessFiles;
import org.seamcache.proxy.e2e.OriginServer;
import org.seamcache.proxy.e2e.TestMedia;
import org.seamcache.proxy.e2e.Transport;
import org.seamcache.storage.ContentState;

/**
 * Looping onward streams: a route with {@code loop=2} plays its stored title twice from disk as one
 * stream. A 4 s cut of the test media is viewed once through the route (from the origin, recorded);
 * the next viewer, served from disk, decodes every video frame of the first viewing twice over, with
 * presentation times that only rise (no reset at the loop point), no RTP packet missed (sequence
 * numbers run on), and audio in the second play as much in step with video as in the first; its
 * DESCRIBE answer gives the looped length.
 */
@Order(1)
class LoopedTitleTest {
  private static final int SECONDS = 4;
  private static final Path SHORT = shortMedia();

  @RegisterExtension static OriginServer origin = OriginServer.builder().media(SHORT).build();
  @RegisterExtension static RunningProxy proxy =
      RunningProxy.allowingLoopback().route("twice", origin::vodUri).routeLoops("twice", LoopCount.times(2));

  /** The first {@value #SECONDS} s of the test media (it has a key frame every second), copied, not re-encoded. */
  private static Path shortMedia() {
    try {
      Path dir = HarnessFiles.targetDir("test-media");
      Files.createDirectories(dir);
      Path out = dir.resolve("loop-" + ProcessHandle.current().pid() + ".mp4");
      CommandResult cut = CommandRunner.run(List.of("ffmpeg", "-nostdin", "-v", "error", "-y", "-i", TestMedia.get().path().toString(),
          "-t", String.valueOf(SECONDS), "-c", "copy", out.toString()), Duration.ofSeconds(60));
      if (!cut.succeeded()) {
        throw new IllegalStateException("cannot cut the test media:\n" + cut.describe());
      }
      out.toFile().deleteOnExit();
      return out;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void aLoopingRoutePlaysTheStoredTitleTwiceAsOneContinuousStream() throws Exception {
    URI via = proxy.route("twice");
    FfmpegDecode first = Ffmpeg.of(via).transport(Transport.TCP).timeout(Duration.ofSeconds(40)).decode();
    assertThat(first.clean()).as(first.describe()).isTrue();
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> proxy.server().recordedContents().stream()
        .anyMatch(c -> c.originUrl().endsWith("/vod") && c.state() == ContentState.COMPLETE));

    // the description says how long the looped stream plays: twice the title
    try (RawRtsp c = new RawRtsp(proxy.port())) {
      RawRtsp.Reply d = c.request("DESCRIBE", via.toString(), "CSeq: 1", "Accept: application/sdp");
      assertThat(d.status()).isEqualTo(200);
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^a=range:npt=0-([0-9.]+)\\s*$").matcher(d.body());
      assertThat(m.find()).as(d.body()).isTrue();
      assertThat(Double.parseDouble(m.group(1))).as(d.body()).isCloseTo(2 * SECONDS, offset(0.2));
    }

    FfmpegDecode looped = Ffmpeg.of(via).transport(Transport.TCP).timeout(Duration.ofSeconds(60)).decode();
    assertThat(looped.spotless()).as(looped.describe()).isTrue();
    assertThat(looped.missedRtpPackets()).isZero();
    assertThat(proxy.server().status().upstreamSessionsOpened()).as("the second viewing came from disk").isEqualTo(1);

    // every video frame of the first viewing, twice, in order
    List<String> once = first.video().orElseThrow().md5s();
    List<String> twice = new ArrayList<>(once);
    twice.addAll(once);
    assertThat(looped.video().orElseThrow().md5s()).as(looped.describe()).isEqualTo(twice);
    assertThat(looped.audioFrames()).as(looped.describe()).isBetween(2 * first.audioFrames() - 2, 2 * first.audioFrames());

    // presentation times rise through the loop point: no reset, no jump
    FfmpegDecode.DecodedStream video = looped.video().orElseThrow();
    List<Double> pts = video.frames().stream().map(f -> video.seconds(f.pts())).toList();
    for (int i = 1; i < pts.size(); i++) {
      assertThat(pts.get(i) - pts.get(i - 1)).as("video frame %d after %d (pts %s then %s)", i, i - 1, pts.get(i - 1), pts.get(i))
          .isBetween(0.0, 0.1);
    }
    int loopPoint = once.size();
    double period = pts.get(loopPoint) - pts.get(0);
    assertThat(period).as("the second play starts a title's length after the first").isCloseTo(SECONDS, offset(0.1));
    FfmpegDecode.DecodedStream audio = looped.audio().orElseThrow();
    List<Double> apts = audio.frames().stream().map(f -> audio.seconds(f.pts())).toList();
    for (int i = 1; i < apts.size(); i++) {
      assertThat(apts.get(i)).as("audio frame %d", i).isGreaterThan(apts.get(i - 1));
    }

    // sender reports on one clock across the loop: audio stays where it was against video
    double firstSkew = video.seconds(video.frames().get(0).pts()) - apts.get(0);
    int secondAudio = (int) first.audioFrames();
    double secondSkew = pts.get(loopPoint) - apts.get(secondAudio);
    System.out.printf("looped: %d video, %d audio frames; period %.3f s; A/V offset %.3f s in play 1, %.3f s in play 2%n",
        looped.videoFrames(), looped.audioFrames(), period, firstSkew, secondSkew);
    assertThat(secondSkew).as("A/V offset in the second play, s").isCloseTo(firstSkew, offset(0.045));
  }
}
