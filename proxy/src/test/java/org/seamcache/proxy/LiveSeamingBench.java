package org.seamcache.proxy;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.seamcache.proxy.admin.ProxyStatus;
import org.seamcache.proxy.e2e.LoopbackLoss;
import org.seamcache.proxy.e2e.OriginServer;
import org.seamcache.proxy.e2e.RtpCapture;
import org.seamcache.proxy.e2e.RtspCapture;
import org.seamcache.proxy.e2e.Transport;
import org.seamcache.proxy.route.Cidr;
import org.seamcache.proxy.seam.SeamSettings;

/**
 * Benchmark, not a test (runs only with {@code -Dseamcache.bench=true}): a viewer's residual loss
 * through the proxy against p^k, for random loss p on every leg and at most k legs. Each run plays
 * the shared live mount for {@code seamcache.bench.seconds} (default 40) over TCP and counts the
 * viewer's missing sequence numbers over the second half, when the legs are open.
 *
 * <pre>./mvnw -B -ntp -pl proxy -am test -Dtest=LiveSeamingBench -Dsurefire.failIfNoSpecifiedTests=false -Dseamcache.bench=true</pre>
 */
@EnabledIfSystemProperty(named = "seamcache.bench", matches = "true")
class LiveSeamingBench {
  @RegisterExtension static LoopbackLoss loss = LoopbackLoss.create();
  @RegisterExtension static OriginServer origin = OriginServer.builder().sharedLive().build();

  @Test
  void residualLossAgainstPToTheK() throws Exception {
    int seconds = Integer.getInteger("seamcache.bench.seconds", 40);
    StringBuilder table = new StringBuilder("| loss | max legs | legs lost | viewer lost (2nd half) | p^k | packets judged |\n|---|---|---|---|---|---|\n");
    // -Dseamcache.bench.models=burst -Dseamcache.bench.legs=2 for one longer case (bursts need many packets)
    List<String> models = List.of(System.getProperty("seamcache.bench.models", "random,burst").split(","));
    int[] legCounts = java.util.Arrays.stream(System.getProperty("seamcache.bench.legs", "1,2,3").split(",")).mapToInt(Integer::parseInt).toArray();
    for (String model : models) {
      for (double p : model.equals("burst") ? new double[] {5} : new double[] {1, 5, 10}) {
        for (int k : legCounts) {
          if (model.equals("burst")) {
            loss.burstLoss(p, 5, origin.rtpPorts().udpSourceMatch());
          } else {
            loss.randomLoss(p, origin.rtpPorts().udpSourceMatch());
          }
          try (ProxyServer server = proxyWithLegs(k)) {
            URI via = URI.create("rtsp://127.0.0.1:" + server.rtspAddress().getPort() + "/127.0.0.1:" + origin.rtspPort() + "/live");
            RtpCapture viewer = RtspCapture.of(via).transport(Transport.TCP).seconds(seconds).timeout(Duration.ofSeconds(seconds + 30)).capture();
            ProxyStatus status = server.status();
            var video = viewer.packets(0);
            double end = video.get(video.size() - 1).arrivalSeconds();
            var late = video.stream().filter(x -> x.arrivalSeconds() > end - seconds / 2.0).toList();
            long expected = ((late.get(late.size() - 1).seq() - late.get(0).seq()) & 0xFFFF) + 1;
            long legExpected = status.legs().stream().mapToLong(ProxyStatus.Leg::expected).sum();
            long legLost = status.legs().stream().mapToLong(ProxyStatus.Leg::lost).sum();
            table.append(String.format(Locale.ROOT, "| %s %.0f%% | %d | %.2f%% | %.3f%% (%d) | %.4f%% | %d |%n", model, p, k,
                100.0 * legLost / Math.max(1, legExpected), 100.0 * (expected - late.size()) / expected, expected - late.size(),
                100 * Math.pow(p / 100, k), expected));
          } finally {
            loss.clearLoss();
          }
        }
      }
    }
    System.out.println("LIVE SEAMING BENCH\n" + table);
  }

  /**
   * The delay the proxy adds: a direct TCP capture from the origin and a TCP viewer through the
   * proxy run at once; each video payload the viewer got is matched (by hash) to its direct arrival,
   * both on the machine's monotonic clock. Loss applies to the origin's UDP (the proxy's legs), not
   * to the direct TCP capture. A packet after a gap waits for the gap's fill or the fill window.
   */
  @Test
  void addedDelay() throws Exception {
    int seconds = Integer.getInteger("seamcache.bench.seconds", 20);
    StringBuilder table = new StringBuilder("| loss | max legs | packets matched | median | p90 | p99 | max |\n|---|---|---|---|---|---|---|\n");
    for (double[] run : new double[][] {{0, 1}, {5, 1}, {5, 3}}) {
      double p = run[0];
      int k = (int) run[1];
      if (p > 0) {
        loss.randomLoss(p, origin.rtpPorts().udpSourceMatch());
      }
      try (ProxyServer server = proxyWithLegs(k)) {
        URI via = URI.create("rtsp://127.0.0.1:" + server.rtspAddress().getPort() + "/127.0.0.1:" + origin.rtspPort() + "/live");
        var direct = RtspCapture.of(origin.liveUri()).transport(Transport.TCP).seconds(seconds + 4).timeout(Duration.ofSeconds(seconds + 40))
            .captureAsync();
        RtpCapture viewer = RtspCapture.of(via).transport(Transport.TCP).seconds(seconds).timeout(Duration.ofSeconds(seconds + 30)).capture();
        RtpCapture truth = direct.get();
        Map<String, Double> firstArrival = new java.util.HashMap<>();
        java.util.Set<String> repeated = new java.util.HashSet<>();
        for (var c : truth.packets(0)) {
          if (firstArrival.putIfAbsent(c.payloadSha1(), truth.monotonicT0() + c.arrivalSeconds()) != null) {
            repeated.add(c.payloadSha1());
          }
        }
        List<Double> delays = new java.util.ArrayList<>();
        for (var c : viewer.packets(0)) {
          Double d = firstArrival.get(c.payloadSha1());
          if (d != null && !repeated.contains(c.payloadSha1())) {
            delays.add((viewer.monotonicT0() + c.arrivalSeconds() - d) * 1000);
          }
        }
        java.util.Collections.sort(delays);
        table.append(String.format(Locale.ROOT, "| %.0f%% | %d | %d | %.1f ms | %.1f ms | %.1f ms | %.1f ms |%n", p, k, delays.size(),
            pct(delays, 0.5), pct(delays, 0.9), pct(delays, 0.99), delays.get(delays.size() - 1)));
      } finally {
        loss.clearLoss();
      }
    }
    System.out.println("ADDED DELAY BENCH\n" + table);
  }

  /** A proxy on loopback that opens extra legs after 2 intervals above 1% loss, up to {@code k} legs. */
  private static ProxyServer proxyWithLegs(int k) throws Exception {
    Path dir = Files.createTempDirectory("seamcache-bench");
    ProxyConfig config = ProxyConfig.defaults(0, -1, dir, List.of(Cidr.parse("127.0.0.0/8")), Map.of())
        .withBindAddress(InetAddress.getLoopbackAddress())
        .withLiveIdleTeardown(Duration.ofSeconds(1))
        .withSeaming(SeamSettings.defaults().withMaxLegs(k).withOpen(0.01, 2));
    return ProxyServer.start(config);
  }

  private static double pct(List<Double> sorted, double q) {
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(q * sorted.size())));
  }
}
