package org.seamcache.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.seamcache.proxy.e2e.LoopbackLoss;
import org.seamcache.proxy.e2e.OriginServer;
import org.seamcache.proxy.e2e.RtpCapture;
import org.seamcache.proxy.e2e.RtpPayloadComparison;
import org.seamcache.proxy.e2e.RtspCapture;
import org.seamcache.proxy.e2e.Transport;
import org.seamcache.storage.ContentInfo;
import org.seamcache.storage.ContentState;

/**
 * The seed's promise end to end: one viewing of a stored title over a lossy link (10% random loss
 * on the origin's UDP) leaves a partial recording; the proxy repairs it by fetching only the
 * missing ranges again over TCP until it is complete; then, with the origin stopped, the next
 * viewer gets every packet of the title, identical to a lossless direct viewing.
 */
@Order(1)
class RepairAndServeTest {
  @RegisterExtension static LoopbackLoss loss = LoopbackLoss.create();
  @RegisterExtension static OriginServer origin = OriginServer.builder().build();
  @RegisterExtension static RunningProxy proxy = RunningProxy.allowingLoopback();

  @Test
  void aLossyFirstViewingIsRepairedAndTheNextViewerGetsTheWholeTitleFromDisk() throws Exception {
    URI direct = origin.vodVideoUri();
    URI via = proxy.via(direct);
    loss.randomLoss(10, origin.rtpPorts().udpSourceMatch());
    CompletableFuture<RtpCapture> lossless = RtspCapture.of(direct).transport(Transport.TCP).seconds(21).timeout(Duration.ofSeconds(45)).captureAsync();
    RtpCapture first = RtspCapture.of(via).transport(Transport.TCP).seconds(21).timeout(Duration.ofSeconds(45)).capture();
    RtpCapture truth = lossless.get();
    assertThat(first.run().succeeded()).as(first.describe()).isTrue();
    assertThat(truth.loss(0).lost()).isZero();

    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> proxy.server().recordedContents().stream()
        .filter(c -> c.originUrl().endsWith("/vod-video")).map(ContentInfo::state).anyMatch(s -> s == ContentState.COMPLETE));
    long repairs = proxy.server().status().repairs();
    System.out.printf("repair: first viewing lost %d of %d packets; %d repair(s), %d range(s) fetched again%n",
        first.loss(0).lost(), first.loss(0).expected(), repairs, proxy.server().status().repairRanges());

    origin.close();
    RtpCapture second = RtspCapture.of(via).transport(Transport.TCP).seconds(21).timeout(Duration.ofSeconds(45)).capture();
    assertThat(second.run().succeeded()).as(second.describe()).isTrue();
    RtpPayloadComparison cmp = RtpPayloadComparison.compare(truth, second, 0);
    // Every packet of the title is there. The repair leg seeks, and the origin repeats the parameter
    // sets (SPS, PPS) before a seek's first frame: the seamer may place those ahead of the copy's
    // first packet, so the served copy may start with a repeated SPS/PPS (decoders ignore repeats).
    java.util.Map<String, Long> countA = truth.packets(0).stream()
        .collect(java.util.stream.Collectors.groupingBy(RtpCapture.CapturedPacket::payloadSha1, java.util.stream.Collectors.counting()));
    java.util.Map<String, Long> countB = second.packets(0).stream()
        .collect(java.util.stream.Collectors.groupingBy(RtpCapture.CapturedPacket::payloadSha1, java.util.stream.Collectors.counting()));
    countA.forEach((sha, n) -> assertThat(countB.getOrDefault(sha, 0L)).as("copies of payload %s", sha).isGreaterThanOrEqualTo(n));
    for (RtpCapture.CapturedPacket p : second.packets(0)) {
      if (countB.get(p.payloadSha1()) > countA.getOrDefault(p.payloadSha1(), 0L)) {
        int nal = java.util.HexFormat.fromHexDigits(p.head().substring(0, 2)) & 0x1F;
        assertThat(nal).as("an extra packet beyond the title's, head %s", p.head()).isIn(7, 8);
      }
    }
    assertThat(cmp.packetsB() - cmp.packetsA()).as("%s", cmp).isBetween(0, 2);
    assertThat(cmp.foundInA()).as("%s", cmp).isEqualTo(cmp.packetsB());
    assertThat(cmp.singleOffsets()).as("%s", cmp).isTrue();
    assertThat(second.loss(0).lost()).isZero();
  }
}
