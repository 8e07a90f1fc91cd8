package org.seamcache.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.seamcache.proxy.e2e.Ffprobe;
import org.seamcache.proxy.e2e.OriginServer;
import org.seamcache.proxy.e2e.StreamCounts;
import org.seamcache.proxy.e2e.Transport;
import org.seamcache.proxy.metrics.PrometheusText;

/**
 * {@code GET /metrics} over HTTP, parsed with a strict text-format parser while a viewer plays a
 * live stream through a route: build info, viewers by route and source, traffic counters, JVM,
 * process and disk metrics, and no label that names a leg or a session.
 */
class MetricsTest {
  @RegisterExtension static OriginServer origin = OriginServer.builder().build();
  @RegisterExtension static RunningProxy proxy = RunningProxy.allowingLoopback().route("cam", origin::liveUri);

  private static String scrape() throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + proxy.server().adminAddress().getPort() + "/metrics");
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
    return r.body();
  }

  private static double value(PrometheusText m, String name, Map<String, String> labels) {
    return m.sample(name, labels).orElseThrow(() -> new AssertionError("no " + name + labels)).value();
  }

  private static double value(PrometheusText m, String name) {
    return value(m, name, Map.of());
  }

  @Test
  void aScrapeWhilePlayingShowsWhatAnOperatorNeeds() throws Exception {
    PrometheusText before = PrometheusText.parse(scrape());
    CompletableFuture<StreamCounts> viewer =
        CompletableFuture.supplyAsync(() -> Ffprobe.countFrames(proxy.route("cam"), Transport.TCP, 6, Duration.ofSeconds(40)));

    Set<String> ids = new HashSet<>(); // leg ids (and later session ids) that must not be label values
    // the seaming figures behind seamcache_live_legs are refreshed once per loss interval (1 s)
    PrometheusText playing = org.awaitility.Awaitility.await("a scrape that counts the viewer as a live viewer of route cam")
        .atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
        .until(() -> {
          proxy.server().status().legs().forEach(l -> ids.add(Long.toString(l.id())));
          return PrometheusText.parse(scrape());
        }, m -> value(m, "seamcache_viewers", Map.of("route", "cam", "source", "live")) >= 1 && value(m, "seamcache_packets_out_total") > 0
            && value(m, "seamcache_live_legs", Map.of("route", "cam")) >= 1);
    assertThat(value(playing, "seamcache_viewers", Map.of("route", "cam", "source", "cache"))).isZero();
    assertThat(value(playing, "seamcache_viewers", Map.of("route", "(none)", "source", "origin"))).isZero();
    assertThat(value(playing, "seamcache_sessions")).isGreaterThanOrEqualTo(1);
    assertThat(value(playing, "seamcache_upstream_legs")).isGreaterThanOrEqualTo(1);
    assertThat(value(playing, "seamcache_live_legs", Map.of("route", "cam"))).isGreaterThanOrEqualTo(1);
    assertThat(ids).isNotEmpty();

    StreamCounts seen = viewer.get();
    assertThat(seen.video()).as(seen.run().toString()).isGreaterThan(0);
    PrometheusText after = PrometheusText.parse(scrape());

    // build info: one series, value 1, naming version and commit
    PrometheusText.Family build = after.family("seamcache_build_info").orElseThrow();
    assertThat(build.type()).isEqualTo("gauge");
    assertThat(build.samples()).singleElement().satisfies(s -> {
      assertThat(s.value()).isEqualTo(1.0);
      assertThat(s.labels()).containsOnlyKeys("version", "commit");
    });

    // traffic counters went up, with conventional names and types
    for (String counter : List.of("seamcache_rtp_packets_in_total", "seamcache_rtp_in_bytes_total", "seamcache_packets_out_total",
        "seamcache_rtsp_requests_total", "seamcache_upstream_sessions_opened_total")) {
      assertThat(value(after, counter)).as(counter).isGreaterThan(value(before, counter));
    }
    assertThat(after.family("seamcache_rtp_in_bytes_total").orElseThrow().type()).isEqualTo("counter");
    assertThat(value(after, "seamcache_live_seamed_packets_total", Map.of("route", "cam"))).isGreaterThan(0);
    assertThat(after.samples("seamcache_viewer_send_failures_total")).hasSize(1);

    // JVM and process
    assertThat(after.samples("jvm_memory_used_bytes")).isNotEmpty();
    assertThat(after.samples("jvm_threads_live_threads")).isNotEmpty();
    assertThat(after.samples("jvm_classes_loaded_classes")).isNotEmpty();
    assertThat(after.samples("jvm_gc_memory_allocated_bytes_total")).isNotEmpty();
    assertThat(after.samples("system_cpu_count")).isNotEmpty();
    assertThat(after.samples("process_files_open_files")).isNotEmpty();
    double start = value(after, "process_start_time_seconds");
    assertThat(start).isBetween(System.currentTimeMillis() / 1000.0 - 3600, System.currentTimeMillis() / 1000.0);

    // disk: the recording of the stream takes bytes, the file system has room, budget and floor are the settings
    assertThat(value(after, "seamcache_disk_used_bytes")).isGreaterThan(0);
    assertThat(value(after, "seamcache_disk_free_bytes")).isGreaterThan(0);
    assertThat(after.samples("seamcache_disk_budget_bytes")).singleElement().satisfies(s -> assertThat(s.value()).isGreaterThanOrEqualTo(0));
    assertThat(after.samples("seamcache_disk_min_free_bytes")).singleElement().satisfies(s -> assertThat(s.value()).isGreaterThanOrEqualTo(0));

    // bounded labels: route is a configured name or (none); no label carries a leg or session id
    for (PrometheusText m : List.of(playing, after)) {
      for (PrometheusText.Family f : m.families().values()) {
        for (PrometheusText.Sample s : f.samples()) {
          if (s.name().startsWith("seamcache_")) { // the JVM's own "id" labels name memory pools, a fixed set
            assertThat(s.labels().keySet()).as(s.name()).doesNotContain("leg", "session", "id", "origin");
          }
          assertThat(s.labels().values()).as(s.name()).doesNotContainAnyElementsOf(ids);
          assertThat(s.labels().values()).as(s.name()).noneMatch(v -> v.matches("[A-Za-z0-9]{16}")); // a session id's shape
          if (s.labels().containsKey("route")) {
            assertThat(s.labels().get("route")).isIn("cam", "(none)");
          }
        }
      }
    }
  }
}
