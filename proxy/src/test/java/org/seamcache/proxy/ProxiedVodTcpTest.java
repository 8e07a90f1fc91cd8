package org.seamcache.proxy;


import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.seamcache.proxy.e2e.OriginServer;
import org.seamcache.proxy.e2e.Transport;

/** A whole 20 s VOD through the proxy, viewer over TCP-interleaved (the proxy picks its own upstream transport). */
@Order(1)
class ProxiedVodTcpTest {
  @RegisterExtension static OriginServer origin = OriginServer.builder().build();
  @RegisterExtension static RunningProxy proxy = RunningProxy.allowingLoopback();

  @Test
  void everyFrameArrivesDecodedIdenticallyToTheFile() {
    ProxiedVod.assertWholeVodMatchesTheFile(proxy, origin, Transport.TCP);
  }
}
