package org.seamcache.proxy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.seamcache.proxy.e2e.RtpCapture.CapturedPacket;

/** {@code --shared live}: a client that joins later receives the very same RTP packets. */
class SharedLiveCaptureTest {

  @RegisterExtension static OriginServer origin = OriginServer.builder().sharedLive().build();

  @Test
  void aLateJoinerGetsIdenticalPacketsOverAnotherTransport() throws Exception {
    CompletableFuture<RtpCapture> first =
        RtspCapture.of(origin.liveUri()).transport(Transport.UDP).seconds(5).captureAsync();
    origin.awaitRequests("PLAY", 1, Duration.ofSeconds(15)); // join once the first client plays
    RtpCapture late = RtspCapture.of(origin.liveUri()).transport(Transport.TCP).seconds(2).capture();
    RtpCapture early = first.get();

    assertThat(early.run().succeeded()).as(early.describe()).isTrue();
    assertThat(late.run().succeeded()).as(late.describe()).isTrue();
    assertThat(early.loss(0).lost()).isZero();
    assertThat(late.loss(0).lost()).isZero();
    // About 90 packets a second at 800 kbit/s; 2 s must give well over 100.
    assertThat(late.packets()).hasSizeGreaterThan(100);

    // The same packets: same seq, timestamp, SSRC and payload (not merely offset copies).
    RtpPayloadComparison cmp = RtpPayloadComparison.compare(early, late, 0);
    assertThat(cmp.foundInA()).as("%s", cmp).isEqualTo(cmp.packetsB());
    assertThat(cmp.singleOffsets()).as("%s", cmp).isTrue();
    assertThat(cmp.seqOffset()).isZero();
    assertThat(cmp.tsOffset()).isZero();
    assertThat(cmp.ssrcsB()).isEqualTo(cmp.ssrcsA()).hasSize(1);

    Map<Integer, CapturedPacket> earlyBySeq =
        early.packets(0).stream().collect(Collectors.toMap(CapturedPacket::seq, Function.identity(), (a, b) -> a));
    for (CapturedPacket p : late.packets(0)) {
      CapturedPacket same = earlyBySeq.get(p.seq());
      assertThat(same).as("late packet seq %d not received by the first client", p.seq()).isNotNull();
      assertThat(same.payloadSha1()).as("payload of seq %d", p.seq()).isEqualTo(p.payloadSha1());
      assertThat(same.rtpTime()).isEqualTo(p.rtpTime());
      assertThat(same.marker()).isEqualTo(p.marker());
    }
  }
}
