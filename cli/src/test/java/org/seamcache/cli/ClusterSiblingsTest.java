package org.seamcache.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.seamcache.cli.ClusterNodes.describe;
import static org.seamcache.cli.ClusterNodes.hash;
import static org.seamcache.cli.ClusterNodes.prefetch;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.seamcache.proxy.ProxyConfig;
import org.seamcache.proxy.ProxyServer;
import org.seamcache.proxy.cluster.ClusterSettings;
import org.seamcache.proxy.cluster.SiblingPolicy;
import org.seamcache.proxy.cluster.ZooKeeperEnsemble;
import org.seamcache.proxy.e2e.CommandRunner;
import org.seamcache.proxy.e2e.Ffprobe;
import org.seamcache.proxy.e2e.HarnessFiles;
import org.seamcache.proxy.e2e.OriginServer;
import org.seamcache.proxy.e2e.StreamCounts;
import org.seamcache.proxy.e2e.Transport;
import org.seamcache.proxy.route.Cidr;
import org.seamcache.proxy.server.ClusterTokens;
import org.seamcache.proxy.server.ViewerAccess;
import org.seamcache.proxy.server.ViewerTokens;

/**
 * Two nodes of a cluster that share a cluster secret and require viewer tokens, on a real
 * three-member ZooKeeper ensemble: b holds a title, a does not. Through route {@code r} (policy
 * redirect) a viewer with a valid viewer token for a is sent to b with a cluster token in the
 * Location, which b admits although the viewer has no viewer token for b's path; without it, or
 * with a forged one, b refuses. Through route {@code f} (policy fetch) a fetches the title from b
 * itself: a viewer who watches half of it leaves a partial copy on a, whose repair fetches the rest
 * from b; then a holds it complete and serves it with b gone too. The origin is stopped once b
 * holds the title.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterSiblingsTest {
  private static final int TITLE_SECONDS = 4;
  private static final byte[] PORTAL_SECRET = "the portal's viewer token secret".getBytes(StandardCharsets.US_ASCII);

  private static Path work;
  private static OriginServer origin;
  private static ZooKeeperEnsemble ensemble;
  private static ProxyServer a;
  private static ProxyServer b;
  private static URI vod;
  private static final ViewerTokens portal = new ViewerTokens(PORTAL_SECRET, System::currentTimeMillis);

  @BeforeAll
  static void start() throws Exception {
    work = Files.createTempDirectory("seamcache-siblings");
    Path media = work.resolve("media/short.mp4");
    var made = CommandRunner.run(List.of("bash", HarnessFiles.script("make-media.sh").toString(), media.toString(),
        String.valueOf(TITLE_SECONDS)), Duration.ofMinutes(2));
    assertThat(made.exitCode()).as(made.describe()).isZero();
    origin = OriginServer.builder().media(media).build();
    origin.start();
    vod = origin.vodUri();
    ensemble = ZooKeeperEnsemble.start();
    Path secret = Files.writeString(work.resolve("cluster.secret"), "one secret for the whole cluster\n");
    a = ProxyServer.start(node("a", secret));
    b = ProxyServer.start(node("b", secret));
    prefetch(b.adminAddress().getPort(), vod);
    await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(ensemble.children("/seamcache/titles/" + hash(vod))).contains("b"));
    await().atMost(Duration.ofSeconds(90)).until(() -> ensemble.entry("/seamcache/titles/" + hash(vod) + "/b").contains("state=complete"));
  }

  private static ProxyConfig node(String id, Path secret) throws Exception {
    Path data = Files.createDirectories(work.resolve(id));
    ViewerAccess viewers = new ViewerAccess(List.of(), Map.of(), false, System::currentTimeMillis)
        .withTokens(new ViewerTokens(PORTAL_SECRET, System::currentTimeMillis), true);
    return ProxyConfig.defaults(0, 0, data, List.of(Cidr.parse("127.0.0.0/8")), Map.of("r", vod, "f", vod))
        .withBindAddress(InetAddress.getLoopbackAddress())
        .withLiveIdleTeardown(Duration.ofSeconds(1))
        .withViewerAccess(viewers)
        .withCluster(new ClusterSettings(ensemble.connectString(), id, URI.create("rtsp://127.0.0.1"), "z1",
            Duration.ofSeconds(3), ClusterSettings.DEFAULT_PUBLISH_INTERVAL, SiblingPolicy.REDIRECT, Map.of("f", SiblingPolicy.FETCH))
            .withTokens(ClusterTokens.fromFile(secret, System::currentTimeMillis)));
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable x : new AutoCloseable[] {a, b, ensemble, origin}) {
      if (x != null) {
        try {
          x.close();
        } catch (Exception e) {
          // the rest still closes
        }
      }
    }
  }

  private static String viewerToken(String path) {
    return "?token=" + portal.mint(path, System.currentTimeMillis() / 1000 + 600, null);
  }

  @Test
  @Order(1)
  void aRedirectCarriesAClusterTokenTheSiblingAdmitsAndNothingElseIs() throws Exception {
    origin.close(); // from here on b serves from its disk (closing it again later is a no-op)
    URI viaA = URI.create("rtsp://127.0.0.1:" + a.rtspAddress().getPort() + "/r" + viewerToken("/r"));
    assertThat(describe(a.rtspAddress().getPort(), URI.create("rtsp://127.0.0.1:" + a.rtspAddress().getPort() + "/r")))
        .as("a itself requires a viewer token").containsEntry("status", "403");
    Map<String, String> answer = describe(a.rtspAddress().getPort(), viaA);
    assertThat(answer.get("status")).isEqualTo("302");
    String onB = "rtsp://127.0.0.1:" + b.rtspAddress().getPort() + "/r";
    assertThat(answer.get("location")).startsWith(onB + "?token=" + ClusterTokens.PREFIX);

    assertThat(describe(b.rtspAddress().getPort(), URI.create(answer.get("location")))).as("b admits the token a gave").containsEntry("status", "200");
    assertThat(describe(b.rtspAddress().getPort(), URI.create(onB))).as("without it b wants a viewer token").containsEntry("status", "403");
    ClusterTokens forged = new ClusterTokens("not the cluster's secret at all".getBytes(StandardCharsets.US_ASCII), System::currentTimeMillis);
    assertThat(describe(b.rtspAddress().getPort(), URI.create(forged.sign(onB)))).as("a forged cluster token").containsEntry("status", "403");

    StreamCounts ffprobe = Ffprobe.countFrames(viaA, Transport.TCP, 0, Duration.ofSeconds(40));
    assertThat(ffprobe.video()).as("ffprobe follows the 302 with its token and plays from b: " + ffprobe.run().describe())
        .isGreaterThanOrEqualTo(TITLE_SECONDS * 25L - 5);
  }

  @Test
  @Order(2)
  void underPolicyFetchANodeRecordsTheTitleFromItsSiblingAndRepairsItFromThereWithTheOriginStopped() throws Exception {
    origin.close();
    URI viaA = URI.create("rtsp://127.0.0.1:" + a.rtspAddress().getPort() + "/f" + viewerToken("/f"));
    StreamCounts half = Ffprobe.countFrames(viaA, Transport.TCP, TITLE_SECONDS / 2.0, Duration.ofSeconds(40));
    assertThat(half.video()).as("a serves the viewer from b: " + half.run().describe()).isGreaterThanOrEqualTo(25);

    // the viewer's leg left a partial copy (or a complete one); its repair, from b as well, completes it
    String onA = "/seamcache/titles/" + hash(vod) + "/a";
    await().atMost(Duration.ofSeconds(60)).until(() -> ensemble.entry(onA).contains("state=complete"));
    String status = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.adminAddress().getPort() + "/status"))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
    assertThat(status).containsPattern("\"siblingFetches\":[1-9]").contains("\"redirects\":");
    System.out.println("cluster: a's fetches from b: " + status.replaceAll(".*(\"siblingFetches\":\\d+).*", "$1"));

    b.close(); // a alone, the origin stopped: its own copy serves
    StreamCounts whole = Ffprobe.countFrames(viaA, Transport.TCP, 0, Duration.ofSeconds(40));
    assertThat(whole.video()).as("a serves its own copy: " + whole.run().describe()).isGreaterThanOrEqualTo(TITLE_SECONDS * 25L - 5);
  }

}
