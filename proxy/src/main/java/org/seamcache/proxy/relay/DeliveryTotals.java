package org.seamcache.proxy.relay;

import java.util.concurrent.atomic.LongAdder;

/** Packets sent to, and dropped for, all viewers of the process. Thread-safe. */
public final class DeliveryTotals {
  public final LongAdder sent = new LongAdder();
  /** Dropped because the viewer could not keep up. */
  public final LongAdder dropped = new LongAdder();
  /** Dropped because sending failed (refused destination, closed connection). */
  public final LongAdder failed = new LongAdder();
}
