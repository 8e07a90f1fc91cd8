package org.seamcache.proxy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One full-length, real-time decode (about 20 s): the baseline a proxied stream must match. */
@Order(1) // the longest class: start it first
class VodFullDecodeTest {

  @RegisterExtension static OriginServer origin = OriginServer.builder().build();

  @Test
  void wholeVodOverTcpDecodesEveryFrameWithThePicturesOfTheFile() throws Exception {
    TestMedia media = TestMedia.get();
    // The reference decode of the file itself runs meanwhile: it takes CPU, not wall time.
    CompletableFuture<FfmpegDecode> reference = Ffmpeg.ofFile(media.path()).timeout(Duration.ofSeconds(60)).decodeAsync();
    FfmpegDecode remote = Ffmpeg.decode(origin.vodUri(), Transport.TCP, Duration.ofSeconds(60));
    System.out.printf("full VOD decode over TCP: %d ms, video=%d audio=%d%n",
        remote.run().elapsed().toMillis(), remote.videoFrames(), remote.audioFrames());

    assertThat(remote.spotless()).as(remote.describe()).isTrue();
    assertThat(remote.videoFrames()).as(remote.describe()).isEqualTo(media.videoFrameCount());
    // The decoder may hold back the last AAC frame (or the MP4 priming frame); never more than one.
    assertThat(remote.audioFrames()).isBetween(media.audioFrameCount() - 1, media.audioFrameCount());

    // Byte-identical pictures: the same frames, in the same order, as decoding the file itself.
    FfmpegDecode local = reference.get();
    assertThat(local.clean()).as(local.describe()).isTrue();
    assertThat(remote.video().orElseThrow().md5s()).isEqualTo(local.video().orElseThrow().md5s());
  }
}
