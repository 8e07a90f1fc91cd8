package org.seamcache.proxy.relay;

import java.util.concurrent.atomic.LongAdder;

/** Packets sent to, and dropped for, all viewers of the process. Thread-safe. */
public final class DeliveryTotals {
  public final LongAdder sent = new LongAdder();
  public final LongAdder dropped = new LongAdder();
}
