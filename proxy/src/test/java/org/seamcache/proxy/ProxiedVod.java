package org.seamcache.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.seamcache.proxy.e2e.Ffmpeg;
import org.seamcache.proxy.e2e.FfmpegDecode;
import org.seamcache.proxy.e2e.OriginServer;
import org.seamcache.proxy.e2e.TestMedia;
import org.seamcache.proxy.e2e.Transport;

/** The assertions shared by the whole-VOD tests over each viewer transport. */
final class ProxiedVod {
  private ProxiedVod() {}

  static void assertWholeVodMatchesTheFile(RunningProxy proxy, OriginServer origin, Transport transport) {
    TestMedia media = TestMedia.get();
    FfmpegDecode viaProxy = Ffmpeg.decode(proxy.via(origin.vodUri()), transport, Duration.ofSeconds(60));
    System.out.printf("VOD through the proxy over %s: %d ms, video=%d audio=%d%n",
        transport, viaProxy.run().elapsed().toMillis(), viaProxy.videoFrames(), viaProxy.audioFrames());

    assertThat(viaProxy.spotless()).as(viaProxy.describe()).isTrue();
    assertThat(viaProxy.videoFrames()).as(viaProxy.describe()).isEqualTo(media.videoFrameCount());
    assertThat(viaProxy.audioFrames()).isBetween(media.audioFrameCount() - 1, media.audioFrameCount());
    FfmpegDecode local = Ffmpeg.ofFile(media.path()).timeout(Duration.ofSeconds(60)).decode();
    assertThat(viaProxy.video().orElseThrow().md5s()).isEqualTo(local.video().orElseThrow().md5s());
    // The proxy opened exactly one upstream session for this viewer and closed it at TEARDOWN.
    assertThat(proxy.server().status().upstreamSessionsOpened()).isEqualTo(1);
  }
}
