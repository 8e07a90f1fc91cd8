package org.seamcache.proxy.metrics;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;
import org.seamcache.proxy.record.ContentRecordings;
import org.seamcache.proxy.session.ContentSources;
import org.seamcache.proxy.session.ProxyCounters;
import org.seamcache.proxy.session.SessionRegistry;
import org.seamcache.storage.Storage;

/**
 * The proxy's metrics registry, rendered by {@code GET /metrics} in the Prometheus text format:
 * build info, JVM and process metrics, and the proxy's own. One per proxy (no global registry):
 * two proxies in one JVM, as in tests, each show their own figures.
 */
public final class ProxyMetrics implements AutoCloseable {
  private final PrometheusMeterRegistry registry;
  private final JvmGcMetrics gc;
  /** Held: Micrometer keeps only weak references to what function meters read. */
  private final List<MeterBinder> bound;

  private ProxyMetrics(PrometheusMeterRegistry registry, JvmGcMetrics gc, List<MeterBinder> bound) {
    this.registry = registry;
    this.gc = gc;
    this.bound = bound;
  }

  /** What the proxy's own metrics read. */
  public record Sources(
      ProxyCounters counters,
      SessionRegistry sessions,
      ContentSources contents,
      ContentRecordings recordings,
      Storage storage,
      Set<String> routeNames,
      long diskBudgetBytes,
      long minFreeDiskBytes,
      LongSupplier nanoClock) {}

  public static ProxyMetrics create(BuildInfo build, Sources s) {
    PrometheusRegistry prometheus = new PrometheusRegistry(); // not the client's default registry: nothing global
    Info.builder()
        .name("seamcache_build_info")
        .help("The running build: version and git commit (value 1).")
        .labelNames("version", "commit")
        .register(prometheus)
        .addLabelValues(build.version(), build.commit());
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT, prometheus, io.micrometer.core.instrument.Clock.SYSTEM);
    JvmGcMetrics gc = new JvmGcMetrics();
    List<MeterBinder> binders = List.of(
        new UptimeMetrics(), // process_start_time_seconds, process_uptime_seconds
        new ProcessorMetrics(),
        new FileDescriptorMetrics(),
        new JvmMemoryMetrics(),
        gc,
        new JvmThreadMetrics(),
        new ClassLoaderMetrics(),
        new TrafficMetrics(s.counters()),
        new ViewerMetrics(s.sessions(), s.routeNames(), s.nanoClock()),
        new UpstreamMetrics(s.contents()),
        new LiveSeamingMetrics(s.contents(), s.routeNames()),
        new RecordingMetrics(s.recordings(), s.storage()),
        new DiskMetrics(s.storage(), s.diskBudgetBytes(), s.minFreeDiskBytes()));
    for (MeterBinder b : binders) {
      b.bindTo(registry);
    }
    return new ProxyMetrics(registry, gc, binders);
  }

  /** Every metric in the Prometheus text format 0.0.4. Reads the disk: call it off event loops. */
  public String scrape() {
    return registry.scrape();
  }

  /** The content type of {@link #scrape()}. */
  public static String contentType() {
    return "text/plain; version=0.0.4; charset=utf-8";
  }

  @Override
  public void close() {
    gc.close(); // it listens to GC notifications
    registry.close();
  }
}
