package org.seamcache.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.seamcache.proxy.cache.CachePolicy;
import org.seamcache.proxy.e2e.OriginServer;
import org.seamcache.proxy.e2e.RtpCapture;
import org.seamcache.proxy.e2e.RtspCapture;
import org.seamcache.proxy.e2e.Transport;
import org.seamcache.storage.ContentState;

/**
 * Pay-per-view: every session served from the cache is reported to the configured endpoint as JSON,
 * journaled first, retried until the endpoint takes it, and taken exactly once per report even
 * when the endpoint refuses at first and when the proxy restarts with the report undelivered; a
 * route that forbids caching always goes to the origin.
 */
class ViewingReportTest {
  /** The content owner's endpoint: refuses while {@link #refusing} is positive, else takes each report. */
  static final Receiver receiver = Receiver.start();

  @RegisterExtension static OriginServer origin = OriginServer.builder().build();
  @RegisterExtension
  static RunningProxy proxy = RunningProxy.allowingLoopback()
      .route("ppv", () -> origin.vodVideoUri())
      .cache(new CachePolicy(null, Map.of(), receiver.url(), Map.of(), Set.of("ppv")));

  @AfterAll
  static void stopReceiver() {
    receiver.server.stop(0);
  }

  @Test
  void eachViewingFromTheCacheReachesTheEndpointExactlyOnce() throws Exception {
    RtpCapture first =
        RtspCapture.of(proxy.via(origin.vodVideoUri())).transport(Transport.TCP).seconds(21).timeout(Duration.ofSeconds(45)).capture();
    assertThat(first.run().succeeded()).as(first.describe()).isTrue();
    await().atMost(Duration.ofSeconds(15)).until(() -> proxy.server().recordedContents().stream()
        .anyMatch(c -> c.originUrl().endsWith("/vod-video") && c.state() == ContentState.COMPLETE));
    assertThat(receiver.bodies).as("a viewing from the origin is not reported").isEmpty();

    // from the cache, while the endpoint refuses twice: retried until taken, once
    receiver.refusing.set(2);
    long upstreams = proxy.server().status().upstreamSessionsOpened();
    RtpCapture fromDisk = RtspCapture.of(proxy.via(origin.vodVideoUri())).transport(Transport.TCP).seconds(3)
        .timeout(Duration.ofSeconds(30)).capture();
    assertThat(fromDisk.run().succeeded()).as(fromDisk.describe()).isTrue();
    assertThat(proxy.server().status().upstreamSessionsOpened()).isEqualTo(upstreams);
    await().atMost(Duration.ofSeconds(20)).until(() -> receiver.bodies.size() == 1);
    assertThat(receiver.attempts.get()).isEqualTo(3);
    String report = receiver.bodies.get(0);
    assertThat(report).contains("\"content\":\"" + origin.vodVideoUri() + "\"", "\"viewer\":\"127.0.0.1\"", "\"route\":null");
    assertThat(Double.parseDouble(report.replaceAll(".*\"seconds\":([0-9.]+).*", "$1"))).isBetween(1.0, 10.0);
    assertThat(Long.parseLong(report.replaceAll(".*\"bytes\":([0-9]+).*", "$1"))).isGreaterThan(10_000);

    // the route that forbids caching goes to the origin: a session, and no report
    RtpCapture ppv = RtspCapture.of(proxy.route("ppv")).transport(Transport.TCP).seconds(2).timeout(Duration.ofSeconds(30)).capture();
    assertThat(ppv.run().succeeded()).as(ppv.describe()).isTrue();
    assertThat(proxy.server().status().upstreamSessionsOpened()).isEqualTo(upstreams + 1);

    // a report not yet taken when the proxy stops is sent after its restart, still once
    receiver.refusing.set(Integer.MAX_VALUE);
    RtpCapture again = RtspCapture.of(proxy.via(origin.vodVideoUri())).transport(Transport.UDP).seconds(2)
        .timeout(Duration.ofSeconds(30)).capture();
    assertThat(again.run().succeeded()).as(again.describe()).isTrue();
    int attemptsBefore = receiver.attempts.get();
    await().atMost(Duration.ofSeconds(10)).until(() -> receiver.attempts.get() > attemptsBefore);
    proxy.restart(c -> c);
    assertThat(receiver.bodies).hasSize(1);
    receiver.refusing.set(0);
    await().atMost(Duration.ofSeconds(20)).until(() -> receiver.bodies.size() == 2);
    assertThat(receiver.ids).doesNotHaveDuplicates();
    proxy.restart(c -> c);
    assertThat(receiver.bodies).as("a delivered report is not sent again after a restart").hasSize(2);
  }

  /** An HTTP endpoint on loopback that records what it took. */
  static final class Receiver {
    final HttpServer server;
    final AtomicInteger refusing = new AtomicInteger();
    final AtomicInteger attempts = new AtomicInteger();
    final List<String> bodies = new CopyOnWriteArrayList<>();
    final List<String> ids = new CopyOnWriteArrayList<>();

    private Receiver(HttpServer server) {
      this.server = server;
    }

    static Receiver start() {
      try {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        Receiver r = new Receiver(s);
        s.createContext("/reports", ex -> {
          String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          r.attempts.incrementAndGet();
          int status = r.refusing.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0 ? 503 : 200;
          if (status == 200) {
            r.bodies.add(body);
            r.ids.add(ex.getRequestHeaders().getFirst("Idempotency-Key"));
          }
          ex.sendResponseHeaders(status, -1);
          ex.close();
        });
        s.start();
        return r;
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }

    URI url() {
      return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/reports");
    }
  }
}
