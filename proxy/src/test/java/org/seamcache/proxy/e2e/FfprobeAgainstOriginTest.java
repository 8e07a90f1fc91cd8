package org.seamcache.proxy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** ffprobe straight against the origin, over both transports. */
class FfprobeAgainstOriginTest {

  @RegisterExtension static OriginServer origin = OriginServer.builder().build();

  @ParameterizedTest
  @EnumSource(Transport.class)
  void ffprobeDecodesTheFirstThreeSecondsOfBothTracks(Transport transport) {
    StreamCounts c = Ffprobe.countFrames(origin.vodUri(), transport, 3, Duration.ofSeconds(30));
    assertThat(c.run().succeeded()).as(c.run().describe()).isTrue();
    assertThat(c.streams()).extracting(StreamCounts.StreamCount::codecType).containsExactly("video", "audio");
    // -read_intervals %+3 stops on media time: 3 s at 25 fps, and 3 * 48000 / 1024 AAC frames.
    assertThat(c.video()).as(c.run().describe()).isBetween(74L, 76L);
    assertThat(c.audio()).as(c.run().describe()).isBetween(140L, 142L);
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void ffprobeCountsPacketsOfTheVideoOnlyMount(Transport transport) {
    StreamCounts c = Ffprobe.of(origin.vodVideoUri()).transport(transport).readSeconds(2).countPackets();
    assertThat(c.run().succeeded()).as(c.run().describe()).isTrue();
    assertThat(c.streams()).extracting(StreamCounts.StreamCount::codecType).containsExactly("video");
    assertThat(c.video()).isBetween(49L, 51L);
  }
}
