package org.seamcache.proxy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** GStreamer's rtspsrc straight against the origin, over both transports. */
class GstLaunchAgainstOriginTest {

  @RegisterExtension static OriginServer origin = OriginServer.builder().build();

  @ParameterizedTest
  @EnumSource(Transport.class)
  void gstreamerDecodesFiftyFrames(Transport transport) {
    GstDecode d = GstDecode.judged(() -> GstLaunch.decodeVideo(origin.vodUri(), transport, 50, Duration.ofSeconds(30)), 50, "over " + transport);
    assertThat(d.succeeded()).as(d.describe()).isTrue();
    assertThat(d.framesDecoded()).as(d.describe()).isEqualTo(50);
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void gstreamerDecodesTheLiveMount(Transport transport) {
    GstDecode d = GstDecode.judged(() -> GstLaunch.of(origin.liveUri()).transport(transport).frames(25).decodeVideo(), 25, "over " + transport);
    assertThat(d.succeeded()).as(d.describe()).isTrue();
    assertThat(d.framesDecoded()).as(d.describe()).isEqualTo(25);
  }
}
