package org.seamcache.proxy.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.seamcache.proxy.route.OriginTarget;

class SiblingRedirectTest {
  private static final URI SIBLING = URI.create("rtsp://edge-2.example.net:8554");

  @Test
  void byUrlPrefixOrProxySemanticsTheSiblingGetsTheUrlPrefixForm() {
    OriginTarget prefix = new OriginTarget(URI.create("rtsp://origin.example:554/films/a.mp4?x=1"), "rtsp://edge-1:8554/origin.example:554/films/a.mp4?x=1");
    assertThat(SiblingRedirect.location(SIBLING, prefix)).isEqualTo("rtsp://edge-2.example.net:8554/origin.example:554/films/a.mp4?x=1");
    OriginTarget proxyForm = new OriginTarget(URI.create("rtsp://origin.example/films/a.mp4"), "rtsp://origin.example/films/a.mp4");
    assertThat(SiblingRedirect.location(SIBLING, proxyForm)).isEqualTo("rtsp://edge-2.example.net:8554/origin.example/films/a.mp4");
  }

  @Test
  void throughARouteTheSiblingGetsTheSameRoute() {
    OriginTarget route = new OriginTarget(URI.create("rtsp://origin.example/films/a.mp4"), "rtsp://edge-1:8554/films", "films");
    assertThat(SiblingRedirect.location(SIBLING, route)).isEqualTo("rtsp://edge-2.example.net:8554/films");
  }
}
