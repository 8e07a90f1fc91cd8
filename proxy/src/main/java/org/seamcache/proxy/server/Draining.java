package org.seamcache.proxy.server;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether the proxy is stopping: once set, viewers' requests that would start something (DESCRIBE,
 * SETUP, PLAY) get 503 while sessions already playing are let go gently. Thread-safe.
 */
public final class Draining {
  private final AtomicBoolean draining = new AtomicBoolean();

  /** Starts draining; false if it had already started. */
  public boolean start() {
    return draining.compareAndSet(false, true);
  }

  public boolean isDraining() {
    return draining.get();
  }
}
