package org.seamcache.proxy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two independent (not shared) VOD sessions carry byte-identical payloads under different SSRC, seq
 * and timestamp bases: the property the seamer relies on, measured here on the origin itself.
 */
class VodPayloadIdentityTest {

  @RegisterExtension static OriginServer origin = OriginServer.builder().build();

  @Test
  void twoSessionsFromTheStartDifferOnlyByHeaderOffsets() throws Exception {
    CompletableFuture<RtpCapture> udp = RtspCapture.of(origin.vodUri()).transport(Transport.UDP).seconds(4).captureAsync();
    RtpCapture tcp = RtspCapture.of(origin.vodUri()).transport(Transport.TCP).seconds(3).capture();
    RtpCapture a = udp.get();
    assertThat(a.run().succeeded()).as(a.describe()).isTrue();
    assertThat(tcp.run().succeeded()).as(tcp.describe()).isTrue();

    for (int track = 0; track < 2; track++) {
      RtpPayloadComparison cmp = RtpPayloadComparison.compare(a, tcp, track);
      System.out.println("VOD UDP vs TCP session: " + cmp);
      assertThat(cmp.packetsB()).as("%s", cmp).isGreaterThan(track == 0 ? 150 : 100);
      assertThat(cmp.foundInA()).as("%s", cmp).isEqualTo(cmp.packetsB());
      assertThat(cmp.oneToOne()).as("%s", cmp).isGreaterThan(cmp.packetsB() * 9 / 10);
      assertThat(cmp.singleOffsets()).as("%s", cmp).isTrue();
      assertThat(cmp.ssrcsB()).as("%s", cmp).doesNotContainAnyElementsOf(cmp.ssrcsA());
    }
  }

  @Test
  void aSessionStartedLaterInTheFileCarriesTheSamePayloads() throws Exception {
    CompletableFuture<RtpCapture> fromStart =
        RtspCapture.of(origin.vodVideoUri()).transport(Transport.TCP).seconds(3.5).captureAsync();
    // npt=1 on the video-only mount starts exactly on the keyframe at 1 s (no preroll burst).
    RtpCapture fromOne = RtspCapture.of(origin.vodVideoUri()).transport(Transport.TCP).startNpt(1).seconds(1.5).capture();
    RtpPayloadComparison cmp = RtpPayloadComparison.compare(fromStart.get(), fromOne, 0);
    System.out.println("VOD from 0 vs from npt=1: " + cmp);
    assertThat(cmp.foundInA()).as("%s", cmp).isEqualTo(cmp.packetsB());
    assertThat(cmp.singleOffsets()).as("%s", cmp).isTrue();
    assertThat(cmp.bigFoundInA()).isEqualTo(cmp.bigB()).isPositive();
  }

  @Test
  void comparisonNoticesPayloadsThatDoNotMatch() throws Exception {
    // The live mount is not shared here: each session has its own encoder, so big payloads differ.
    CompletableFuture<RtpCapture> a = RtspCapture.of(origin.liveUri()).transport(Transport.TCP).seconds(2).captureAsync();
    RtpCapture b = RtspCapture.of(origin.liveUri()).transport(Transport.TCP).seconds(2).capture();
    RtpPayloadComparison cmp = RtpPayloadComparison.compare(a.get(), b, 0);
    System.out.println("live, not shared: " + cmp);
    assertThat(cmp.bigB()).isPositive();
    assertThat(cmp.bigFoundInA()).as("%s", cmp).isLessThan(cmp.bigB() / 4);
    assertThat(cmp.foundPercent()).isLessThan(90.0);
  }
}
