package org.seamcache.proxy.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OriginResolverTest {
  private final OriginResolver resolver =
      new OriginResolver(Map.of("news", URI.create("rtsp://cam.example.com:8554/live/main")));

  @ParameterizedTest
  @CsvSource({
    // request URI, origin URI, proxy URI
    "rtsp://10.0.0.1:8554/origin.example.com:554/path/file.mp4, rtsp://origin.example.com:554/path/file.mp4, rtsp://10.0.0.1:8554/origin.example.com:554/path/file.mp4",
    "rtsp://10.0.0.1:8554/127.0.0.1:9554/vod/, rtsp://127.0.0.1:9554/vod, rtsp://10.0.0.1:8554/127.0.0.1:9554/vod",
    "rtsp://10.0.0.1:8554/localhost:9554/vod, rtsp://localhost:9554/vod, rtsp://10.0.0.1:8554/localhost:9554/vod",
    "rtsp://10.0.0.1:8554/news, rtsp://cam.example.com:8554/live/main, rtsp://10.0.0.1:8554/news",
    "rtsp://10.0.0.1:8554/news/stream=0, rtsp://cam.example.com:8554/live/main/stream=0, rtsp://10.0.0.1:8554/news/stream=0",
    "rtsp://origin.example.com/a/b, rtsp://origin.example.com/a/b, rtsp://origin.example.com/a/b",
  })
  void resolvesRoutesPrefixesAndAbsoluteUris(String request, String origin, String proxy) {
    OriginTarget t = resolver.resolve(request, "10.0.0.1:8554").orElseThrow();
    assertThat(t.originUri()).hasToString(origin);
    assertThat(t.proxyUri()).isEqualTo(proxy);
  }

  @ParameterizedTest
  @CsvSource({
    // request URI, route (empty: none), proxy form
    "rtsp://10.0.0.1:8554/news, news, false",
    "rtsp://10.0.0.1:8554/news/stream=0, news, false",
    "rtsp://10.0.0.1:8554/newsroom, '', false",
    "rtsp://10.0.0.1:8554/origin.example.com:554/path, '', false",
    "rtsp://origin.example.com/a/b, '', true",
    "rtsp://origin.example.com:554/news, news, false",
    "rtsp://10.0.0.1:8554/0177.0.0.1:554/x, '', false",
    "*, '', false",
  })
  void tellsTheRouteAndWhetherTheProxyIsUsedAsAProxy(String request, String route, boolean proxyForm) {
    assertThat(resolver.routeOf(request)).isEqualTo(route.isEmpty() ? null : route);
    assertThat(resolver.isProxyForm(request, "10.0.0.1:8554")).isEqualTo(proxyForm);
  }

  @ParameterizedTest
  @CsvSource({"rtsp://10.0.0.1:8554/unknown", "http://10.0.0.1:8554/a.b/c", "not a uri", "rtsp://10.0.0.1:8554/a.b"})
  void refusesWhatNamesNoOrigin(String request) {
    assertThat(resolver.resolve(request, "10.0.0.1:8554")).isEmpty();
  }

  @Test
  void allowListRefusesInternalRangesUnlessAllowed() throws Exception {
    OriginAllowList strict = new OriginAllowList(List.of());
    assertThat(strict.permits(InetAddress.getByName("127.0.0.1"))).isFalse();
    assertThat(strict.permits(InetAddress.getByName("10.1.2.3"))).isFalse();
    assertThat(strict.permits(InetAddress.getByName("172.31.255.255"))).isFalse();
    assertThat(strict.permits(InetAddress.getByName("192.168.1.1"))).isFalse();
    assertThat(strict.permits(InetAddress.getByName("169.254.169.254"))).isFalse();
    assertThat(strict.permits(InetAddress.getByName("::1"))).isFalse();
    assertThat(strict.permits(InetAddress.getByName("fe80::1"))).isFalse();
    assertThat(strict.permits(InetAddress.getByName("172.32.0.1"))).isTrue();
    assertThat(strict.permits(InetAddress.getByName("93.184.216.34"))).isTrue();

    OriginAllowList loopback = new OriginAllowList(List.of(Cidr.parse("127.0.0.0/8")));
    assertThat(loopback.permits(InetAddress.getByName("127.0.0.1"))).isTrue();
    assertThat(loopback.permits(InetAddress.getByName("10.0.0.1"))).isFalse();
  }
}
