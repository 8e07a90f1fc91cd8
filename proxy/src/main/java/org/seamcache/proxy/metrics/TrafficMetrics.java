package org.seamcache.proxy.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.concurrent.atomic.LongAdder;
import org.seamcache.proxy.session.ProxyCounters;

/**
 * The process-wide counters ({@link ProxyCounters}) as Prometheus counters. They are read when
 * scraped, so the increment sites stay plain LongAdders.
 */
final class TrafficMetrics implements MeterBinder {
  private final ProxyCounters c;

  TrafficMetrics(ProxyCounters counters) {
    this.c = counters;
  }

  @Override
  public void bindTo(MeterRegistry r) {
    count(r, "seamcache.rtp.packets.in", null, "RTP packets received from origins.", c.packetsIn);
    count(r, "seamcache.rtp.in", BaseUnits.BYTES, "RTP bytes received from origins.", c.bytesIn);
    count(r, "seamcache.rtcp.packets.in", null, "RTCP packets received from origins.", c.rtcpIn);
    count(r, "seamcache.malformed.packets", null, "Packets from origins dropped as malformed.", c.malformedIn);
    count(r, "seamcache.packets.out", null, "Packets sent to viewers.", c.delivery.sent);
    count(r, "seamcache.viewer.drops", null, "Packets dropped because a viewer could not keep up.", c.delivery.dropped);
    count(r, "seamcache.viewer.send.failures", null,
        "Packets that could not be sent to a viewer (refused destination, closed connection).", c.delivery.failed);
    count(r, "seamcache.rtsp.requests", null, "RTSP requests from viewers.", c.requests);
    count(r, "seamcache.refused.sessions", null, "Sessions refused by the session limits.", c.refusedSessions);
    count(r, "seamcache.upstream.sessions.opened", null, "Upstream sessions started.", c.upstreamSessions);
    count(r, "seamcache.upstream.reconnects", null, "Live upstreams re-established after the origin was lost.", c.reconnects);
    count(r, "seamcache.repairs", null, "Repairs of partial stored titles started.", c.repairs);
    count(r, "seamcache.repair.ranges", null, "Media ranges fetched again by repairs.", c.repairRanges);
    count(r, "seamcache.prefetches", null, "Titles fetched into the cache on an operator's request.", c.prefetches);
    count(r, "seamcache.live.gop.joins", null, "Live viewers started at once from the cached key frame.", c.gopJoins);
    count(r, "seamcache.extra.legs.opened", null, "Extra upstream legs opened because of loss.", c.legsOpened);
    count(r, "seamcache.extra.legs.closed", null, "Extra upstream legs closed (clean again, not alignable, or lost).", c.legsClosed);
    count(r, "seamcache.extra.leg.refusals", null, "Extra upstream legs the origin refused.", c.legRefusals);
    count(r, "seamcache.trick.plays", null, "Viewings from the origin at a Scale other than 1: relayed to the viewer, never recorded; the title is fetched whole for the cache.", c.trickPlays);
    count(r, "seamcache.cache.revalidations", null, "Cached titles past their freshness whose origin was asked whether they changed.", c.revalidations);
    count(r, "seamcache.cache.revalidated.unchanged", null, "Revalidations the origin answered with the same title: served from the cache.", c.revalidatedUnchanged);
    count(r, "seamcache.cache.revalidated.changed", null, "Revalidations that found the title changed: the copy was dropped and fetched again.", c.revalidatedChanged);
    count(r, "seamcache.cache.revalidations.failed", null, "Revalidations the origin did not answer (stale copy served, or 504 under must-revalidate).", c.revalidationsFailed);
    count(r, "seamcache.upstream.limited", null, "Upstream sessions not opened: the proxy's limit of open ones (max-upstream) was reached.", c.upstreamLimited);
    count(r, "seamcache.extra.leg.opens.blocked", null,
        "Intervals an extra leg was wanted but not allowed (leg limits, an origin's back-off).", c.legOpensBlocked);
    count(r, "seamcache.extra.legs.not.alignable", null, "Extra upstream legs closed because their payloads never aligned.", c.legsNotAlignable);
  }

  /** The adder is a field of the long-lived {@link ProxyCounters}: Micrometer holds it only weakly. */
  private static void count(MeterRegistry r, String name, String unit, String help, LongAdder adder) {
    FunctionCounter.builder(name, adder, LongAdder::sum).baseUnit(unit).description(help).register(r);
  }
}
