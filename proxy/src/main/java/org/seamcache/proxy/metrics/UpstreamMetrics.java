package org.seamcache.proxy.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.seamcache.proxy.session.ContentSources;
import org.seamcache.proxy.upstream.UpstreamLeg;

/**
 * Open upstream legs and the worst loss among them. One series each, not one per leg: leg ids
 * grow without end (per-leg figures are in {@code /status}).
 */
final class UpstreamMetrics implements MeterBinder {
  private final ContentSources sources;

  UpstreamMetrics(ContentSources sources) {
    this.sources = sources;
  }

  @Override
  public void bindTo(MeterRegistry r) {
    Gauge.builder("seamcache.upstream.legs", sources, s -> s.legs().size()).description("Open upstream RTSP sessions.").register(r);
    Gauge.builder("seamcache.upstream.leg.max.loss", sources, UpstreamMetrics::worstLoss)
        .baseUnit("ratio")
        .description("The highest loss of an open upstream leg since it started (0 when none is open).")
        .register(r);
  }

  private static double worstLoss(ContentSources sources) {
    double worst = 0;
    for (UpstreamLeg l : sources.legs()) {
      long expected = l.expectedPackets();
      if (expected > 0) {
        worst = Math.max(worst, (double) l.lostPackets() / expected);
      }
    }
    return worst;
  }
}
