package org.seamcache.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.seamcache.proxy.e2e.OriginServer;
import org.seamcache.proxy.e2e.RtpCapture;
import org.seamcache.proxy.e2e.RtpPayloadComparison;
import org.seamcache.proxy.e2e.RtspCapture;
import org.seamcache.proxy.e2e.Transport;
import org.seamcache.storage.ContentState;

/**
 * The second viewer of a stored title costs the origin nothing: after one complete viewing through
 * the proxy, the origin is stopped, and later viewers (TCP and UDP, from the start and after a seek)
 * get the same packets from disk, in their own numbering, paced in real time.
 */
@Order(1)
class StoredServeTest {
  @RegisterExtension static OriginServer origin = OriginServer.builder().build();
  @RegisterExtension static RunningProxy proxy = RunningProxy.allowingLoopback();

  @Test
  void laterViewersAreServedFromDiskWithTheOriginStopped() throws Exception {
    java.net.URI via = proxy.via(origin.vodVideoUri());
    RtpCapture first =
        RtspCapture.of(via).transport(Transport.TCP).seconds(21).timeout(Duration.ofSeconds(45)).capture();
    assertThat(first.run().succeeded()).as(first.describe()).isTrue();
    assertThat(first.loss(0).lost()).isZero();
    await().atMost(Duration.ofSeconds(15)).until(() -> proxy.server().recordedContents().stream()
        .anyMatch(c -> c.originUrl().endsWith("/vod-video") && c.state() == ContentState.COMPLETE));

    // the first viewing's sessions: its leg, and an extra one if its UDP lost packets (a loaded machine drops some)
    long firstViewing = proxy.server().status().upstreamSessionsOpened();
    origin.close();

    CompletableFuture<RtpCapture> seeking =
        RtspCapture.of(via).transport(Transport.UDP).startNpt(10).seconds(4).timeout(Duration.ofSeconds(30)).captureAsync();
    RtpCapture second =
        RtspCapture.of(via).transport(Transport.TCP).seconds(21).timeout(Duration.ofSeconds(45)).capture();
    assertThat(second.run().succeeded()).as(second.describe()).isTrue();
    assertThat(second.loss(0).lost()).isZero();
    assertThat(proxy.server().status().upstreamSessionsOpened()).as("no upstream session for the later viewers").isEqualTo(firstViewing);

    // the same payloads, all of them, in one numbering of its own. The first viewing's capture is
    // 21 s of wall time: on a loaded machine its PLAY came late and it ended before the title did, so
    // the copy (completed by repair) may hold more at its end than that capture saw, never elsewhere.
    RtpPayloadComparison cmp = RtpPayloadComparison.compare(first, second, 0);
    var inB = second.packets(0).stream().map(RtpCapture.CapturedPacket::payloadSha1).collect(java.util.stream.Collectors.toSet());
    var a = first.packets(0);
    StringBuilder missing = new StringBuilder();
    for (int i = 0; i < a.size(); i++) {
      if (!inB.contains(a.get(i).payloadSha1())) {
        missing.append(i).append("@").append(a.get(i).arrivalSeconds()).append(' ');
      }
    }
    assertThat(missing.toString()).as("%s; first viewing's packets not served", cmp).isEmpty();
    var inA = a.stream().map(RtpCapture.CapturedPacket::payloadSha1).collect(java.util.stream.Collectors.toSet());
    var b = second.packets(0);
    int lastFound = -1;
    for (int i = 0; i < b.size(); i++) {
      if (inA.contains(b.get(i).payloadSha1())) {
        assertThat(i).as("%s; served packets the first viewing never saw, before its last one", cmp).isEqualTo(lastFound + 1);
        lastFound = i;
      }
    }
    assertThat(cmp.singleOffsets()).as("%s", cmp).isTrue();
    assertThat(second.packets(0).get(0).ssrc()).isNotEqualTo(first.packets(0).get(0).ssrc());
    // paced in real time: the 20 s title takes about 20 s, not a burst
    var v = second.packets(0);
    double span = v.get(v.size() - 1).arrivalSeconds() - v.get(0).arrivalSeconds();
    assertThat(span).as("seconds from first to last packet").isBetween(18.0, 21.0);

    RtpCapture seek = seeking.get();
    assertThat(seek.run().succeeded()).as(seek.describe()).isTrue();
    var s = seek.packets(0);
    assertThat(s).isNotEmpty();
    int nal = HexFormat.fromHexDigits(s.get(0).head().substring(0, 2)) & 0x1F;
    int fu = nal == 28 ? HexFormat.fromHexDigits(s.get(0).head().substring(2, 4)) & 0x1F : nal;
    assertThat(fu).as("a seek starts on a key frame, head %s", s.get(0).head()).isIn(5, 7, 8);
    RtpPayloadComparison sc = RtpPayloadComparison.compare(first, seek, 0);
    assertThat(sc.foundInA()).as("%s", sc).isEqualTo(sc.packetsB());
    assertThat(sc.singleOffsets()).as("%s", sc).isTrue();
    assertThat(seek.dialog()).containsPattern("Range: npt=(9|10)\\.\\d+-20");
  }
}
