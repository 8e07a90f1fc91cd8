package org.seamcache.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.seamcache.proxy.cluster.ClusterSettings;
import org.seamcache.proxy.cluster.RelayAssignment;
import org.seamcache.proxy.cluster.RelayThresholds;
import org.seamcache.proxy.cluster.SiblingPolicy;
import org.seamcache.proxy.cluster.ZooKeeperEnsemble;
import org.seamcache.proxy.e2e.Ffprobe;
import org.seamcache.proxy.e2e.OriginServer;
import org.seamcache.proxy.e2e.StreamCounts;
import org.seamcache.proxy.e2e.Transport;
import org.seamcache.proxy.route.Cidr;
import org.seamcache.proxy.server.ClusterTokens;

/**
 * Load-triggered relays (`003`) on a real three-member ZooKeeper ensemble with three nodes (a and
 * b in zone z1, c in z2; relay-above 2, relay-below 1, a cluster secret): three viewers of the
 * live stream on a make the leader assign b (a's zone, least loaded), which pulls the stream from
 * a; a new viewer asking a is sent to b and plays there, a viewer asking c directly is fed by c
 * from a node carrying the stream, and the origin still saw one session;
 * once every viewer left, the leader releases b, whose feed from a is torn down, and a serves new
 * viewers itself again.
 */
class LiveRelayClusterTest {
  @RegisterExtension static OriginServer origin = OriginServer.builder().build();

  private static ZooKeeperEnsemble ensemble;
  private static final List<ProxyServer> nodes = new ArrayList<>();
  private static ProxyServer a;
  private static ProxyServer b;
  private static ProxyServer c;

  @BeforeAll
  static void start() throws Exception {
    ensemble = ZooKeeperEnsemble.start();
    Path work = Files.createTempDirectory("seamcache-relays");
    Path secret = Files.writeString(work.resolve("cluster.secret"), "one secret for the whole cluster\n");
    a = node(work, secret, "a", "z1");
    b = node(work, secret, "b", "z1");
    c = node(work, secret, "c", "z2");
  }

  private static ProxyServer node(Path work, Path secret, String id, String zone) throws Exception {
    ProxyConfig config = ProxyConfig.defaults(0, 0, Files.createDirectories(work.resolve(id)), List.of(Cidr.parse("127.0.0.0/8")), Map.of())
        .withBindAddress(InetAddress.getLoopbackAddress())
        .withLiveIdleTeardown(Duration.ofSeconds(1))
        .withCluster(new ClusterSettings(ensemble.connectString(), id, URI.create("rtsp://127.0.0.1"), zone, Duration.ofSeconds(3),
            Duration.ofMillis(500), SiblingPolicy.REDIRECT, Map.of())
            .withTokens(ClusterTokens.fromFile(secret, System::currentTimeMillis))
            .withRelays(new RelayThresholds(2, 1), Map.of()));
    ProxyServer p = ProxyServer.start(config);
    nodes.add(p);
    return p;
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable x : nodes) {
      x.close();
    }
    if (ensemble != null) {
      ensemble.close();
    }
  }

  private static URI via(ProxyServer p, URI origin) {
    return URI.create("rtsp://127.0.0.1:" + p.rtspAddress().getPort() + "/" + origin.getHost() + ":" + origin.getPort() + origin.getPath());
  }

  /** A viewer playing over TCP until closed; it has had frames when this returns. */
  private static RawRtsp watch(URI url) throws Exception {
    RawRtsp v = new RawRtsp(url.getPort());
    assertThat(v.request("DESCRIBE", url.toString(), "CSeq: 1").status()).isEqualTo(200);
    RawRtsp.Reply setup = v.request("SETUP", url + "/stream=0", "CSeq: 2", "Transport: RTP/AVP/TCP;unicast;interleaved=0-1");
    assertThat(setup.status()).isEqualTo(200);
    assertThat(v.request("PLAY", url.toString(), "CSeq: 3", "Session: " + setup.header("Session").split(";")[0]).status()).isEqualTo(200);
    assertThat(v.countFrames(0, 500)).as("frames").isPositive();
    return v;
  }

  private static long originRequests(String method) {
    return origin.requestLog().stream().filter(l -> l.contains(" " + method + " ") && l.contains("/live")).count();
  }

  private static String status(ProxyServer p) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p.adminAddress().getPort() + "/status"))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  @Test
  void viewersPastTheThresholdGetARelayNodeFedFromTheFirstWithOneOriginSessionAndBelowTheSecondItIsReleased() throws Exception {
    URI live = origin.liveUri();
    List<RawRtsp> onA = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        onA.add(watch(via(a, live)));
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> a.clusterStatus().relays().stream().anyMatch(r -> r.to().id().equals("b")));
      RelayAssignment relay = a.clusterStatus().relays().get(0);
      assertThat(relay.from().id()).isEqualTo("a");
      assertThat(relay.reason()).contains("a has ").contains("(relay-above 2); b: same zone");
      await().atMost(Duration.ofSeconds(10)).until(() -> b.clusterStatus().relays().stream().anyMatch(r -> r.from().id().equals("a")));

      try (RawRtsp asking = new RawRtsp(a.rtspAddress().getPort())) {
        RawRtsp.Reply answer = asking.request("DESCRIBE", via(a, live).toString(), "CSeq: 1");
        assertThat(answer.status()).isEqualTo(302);
        assertThat(answer.header("Location")).startsWith(via(b, live) + "?token=" + ClusterTokens.PREFIX);
      }
      StreamCounts redirected = Ffprobe.countFrames(via(a, live), Transport.TCP, 2, Duration.ofSeconds(40));
      assertThat(redirected.video()).as("ffprobe follows the 302 and plays from b: " + redirected.run().describe()).isGreaterThanOrEqualTo(25);
      assertThat(b.status().upstreamSessionsOpened()).as("b's stream comes from a").isPositive();
      // a viewer asking c directly: c pulls the stream from a node carrying it (b: the fewest viewers), not from the origin
      StreamCounts onC = Ffprobe.countFrames(via(c, live), Transport.TCP, 2, Duration.ofSeconds(40));
      assertThat(onC.video()).as("c plays it from a sibling: " + onC.run().describe()).isGreaterThanOrEqualTo(25);
      assertThat(c.clusterStatus().siblingFetches()).isPositive();
      assertThat(originRequests("PLAY")).as("one origin session for the cluster: " + origin.requestLog()).isEqualTo(1);
      assertThat(originRequests("SETUP")).isEqualTo(1);
      String leader = a.clusterStatus().leader();
      assertThat(status(a)).contains("\"relays\":[{\"key\":\"" + live + "\",\"from\":\"a\",\"to\":\"b\"");
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(status(b)).containsPattern("\"leader\":\"[abc]\""));
      System.out.println("relays: leader " + leader + "; " + relay.reason());
    } finally {
      for (RawRtsp v : onA) {
        v.close();
      }
    }
    // everyone left: b is released, its feed from a torn down, and a answers viewers itself again
    await().atMost(Duration.ofSeconds(30)).until(() -> a.clusterStatus().relays().isEmpty() && b.clusterStatus().relays().isEmpty());
    await().atMost(Duration.ofSeconds(10)).until(() -> b.status().legs().isEmpty());
    try (RawRtsp asking = new RawRtsp(a.rtspAddress().getPort())) {
      assertThat(asking.request("DESCRIBE", via(a, live).toString(), "CSeq: 1").status()).isEqualTo(200);
    }
  }
}
