package org.seamcache.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.seamcache.proxy.e2e.OriginServer;
import org.seamcache.proxy.onward.ChannelSpec;
import org.seamcache.proxy.route.Cidr;
import org.seamcache.proxy.rtsp.Sdp;

/**
 * A channel whose origin is down when the proxy starts is fetched again with back-off and starts
 * once the origin is back, without a restart; {@code /status} shows it retrying (with the reason and
 * its attempts), then playing, with each offset's start, state and viewers.
 */
class ChannelRetryTest {
  @RegisterExtension static OriginServer origin = OriginServer.builder().build();

  @Test
  void aChannelWhoseOriginIsDownAtTheStartStartsWhenTheOriginComesBack() throws Exception {
    URI source = origin.vodUri();
    origin.close(); // down before the proxy starts; it comes back on the same port
    Path dir = Files.createTempDirectory("seamcache-retry");
    ProxyConfig config = ProxyConfig.defaults(0, 0, dir, List.of(Cidr.parse("127.0.0.0/8")), Map.of())
        .withBindAddress(InetAddress.getLoopbackAddress())
        .withLiveIdleTeardown(Duration.ofSeconds(2))
        .withChannels(List.of(ChannelSpec.parse("late", source + "@0,1h")));
    ProxyServer proxy = ProxyServer.start(config);
    try (RawRtsp c = new RawRtsp(proxy.rtspAddress().getPort())) {
      String zero = "rtsp://127.0.0.1:" + proxy.rtspAddress().getPort() + "/late/0";
      await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
          .until(() -> proxy.status().toJson().contains("\"state\":\"retrying\""));
      RawRtsp.Reply down = c.request("DESCRIBE", zero, "CSeq: 1", "Accept: application/sdp");
      assertThat(down.status()).isEqualTo(503);
      assertThat(down.reason()).contains("its source could not be fetched; trying again in");
      assertThat(Integer.parseInt(down.header("Retry-After"))).isBetween(1, 30);
      String retrying = proxy.status().toJson();
      System.out.println("channel retry: /status while the origin is down: " + channelsOf(retrying));
      assertThat(channelsOf(retrying)).contains("\"name\":\"late\"", "\"attempts\":", "\"failure\":\"");

      origin.restartWith();
      await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(200))
          .until(() -> c.request("DESCRIBE", zero, "CSeq: 2", "Accept: application/sdp").status() == 200);
      RawRtsp.Reply d = c.request("DESCRIBE", zero, "CSeq: 3", "Accept: application/sdp");
      Sdp sdp = Sdp.parse(d.body());
      RawRtsp.Reply s = c.request("SETUP", sdp.controlUrl(sdp.media().get(0), d.header("Content-Base")), "CSeq: 4",
          "Transport: RTP/AVP/TCP;unicast;interleaved=0-1");
      assertThat(s.status()).as("%s %s", s.status(), s.reason()).isEqualTo(200);
      String session = s.header("Session").split(";")[0];
      RawRtsp.Reply play = c.request("PLAY", zero, "CSeq: 5", "Session: " + session);
      assertThat(play.status()).as("%s %s", play.status(), play.reason()).isEqualTo(200);
      assertThat(c.frames(1_000).stream().filter(f -> f.channel() == 0).count()).as("offset 0 plays").isGreaterThan(10);

      String playing = channelsOf(proxy.status().toJson());
      System.out.println("channel retry: /status once it plays: " + playing);
      assertThat(playing).contains("\"state\":\"playing\",\"failure\":null")
          .contains("{\"offset\":\"0\",\"startsAtEpochMillis\":")
          .contains("\"state\":\"playing\",\"viewers\":1,\"multicastGroup\":null,\"multicastState\":null}")
          .contains("{\"offset\":\"1h\"").contains("\"state\":\"waiting\",\"viewers\":0");
      c.request("TEARDOWN", zero, "CSeq: 6", "Session: " + session);
    } finally {
      proxy.close();
      try (java.util.stream.Stream<Path> all = Files.walk(dir)) {
        all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static String channelsOf(String json) {
    return json.substring(json.indexOf("\"channels\":"));
  }
}
