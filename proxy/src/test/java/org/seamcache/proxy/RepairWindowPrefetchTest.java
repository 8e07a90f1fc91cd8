package org.seamcache.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalTime;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.seamcache.proxy.cache.CachePolicy;
import org.seamcache.proxy.cache.RepairWindow;
import org.seamcache.proxy.e2e.OriginServer;

/** Outside the repair window a prefetch is scheduled for the window's opening, and no origin link is used now. */
class RepairWindowPrefetchTest {
  /** A window that opens two hours from now (and so is closed now, whatever the time of day). */
  static final RepairWindow LATER = new RepairWindow(LocalTime.now().plusHours(2).withSecond(0).withNano(0),
      LocalTime.now().plusHours(3).withSecond(0).withNano(0));

  @RegisterExtension static OriginServer origin = OriginServer.builder().build();
  @RegisterExtension
  static RunningProxy proxy = RunningProxy.allowingLoopback().cache(CachePolicy.defaults().withRepairWindow(LATER));

  @Test
  void aPrefetchOutsideTheWindowWaitsForIt() throws Exception {
    String answer = proxy.server().prefetch(origin.vodVideoUri().toString()).get(10, TimeUnit.SECONDS);
    assertThat(answer).contains("scheduled for the repair window " + LATER, "opens in 1");
    assertThat(origin.requestLog()).as("nothing asked of the origin").noneMatch(l -> l.contains("DESCRIBE"));
    assertThat(proxy.server().status().upstreamSessionsOpened()).isZero();
  }
}
