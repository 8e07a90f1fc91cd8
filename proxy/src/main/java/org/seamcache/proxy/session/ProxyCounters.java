package org.seamcache.proxy.session;

import java.util.concurrent.atomic.LongAdder;
import org.seamcache.proxy.relay.DeliveryTotals;

/** Process-wide traffic counters, for /status and /metrics. Thread-safe. */
public final class ProxyCounters {
  public final LongAdder packetsIn = new LongAdder();
  public final LongAdder bytesIn = new LongAdder();
  public final LongAdder rtcpIn = new LongAdder();
  public final LongAdder malformedIn = new LongAdder();
  public final DeliveryTotals delivery = new DeliveryTotals();
  public final LongAdder requests = new LongAdder();
  public final LongAdder badRequests = new LongAdder();
  public final LongAdder refusedSessions = new LongAdder();
  public final LongAdder upstreamSessions = new LongAdder();
  public final LongAdder reconnects = new LongAdder();
  /** Repairs of stored titles started, and media ranges they fetched again. */
  public final LongAdder repairs = new LongAdder();
  public final LongAdder repairRanges = new LongAdder();
  /** Titles fetched into the cache on an operator's request. */
  public final LongAdder prefetches = new LongAdder();
  /** Live joiners started at once from the cached GOP (instead of waiting for the next key frame). */
  public final LongAdder gopJoins = new LongAdder();
  /** Extra legs opened because of loss, and closed again. */
  public final LongAdder legsOpened = new LongAdder();
  public final LongAdder legsClosed = new LongAdder();
  /** Extra legs an origin refused, and intervals an extra leg was wanted but not allowed. */
  public final LongAdder legRefusals = new LongAdder();
  /** Upstream sessions not opened because the proxy's limit of open ones was reached. */
  public final LongAdder upstreamLimited = new LongAdder();
  public final LongAdder legOpensBlocked = new LongAdder();
  /** Extra legs closed because their payloads never aligned. */
  public final LongAdder legsNotAlignable = new LongAdder();
  /** Cached titles whose freshness ran out and were asked about at the origin, and what it said. */
  public final LongAdder revalidations = new LongAdder();
  /** Viewings from the origin that asked for a trick-play rendition (Scale other than 1): relayed, never recorded. */
  public final LongAdder trickPlays = new LongAdder();
  public final LongAdder revalidatedUnchanged = new LongAdder();
  public final LongAdder revalidatedChanged = new LongAdder();
  public final LongAdder revalidationsFailed = new LongAdder();
}
