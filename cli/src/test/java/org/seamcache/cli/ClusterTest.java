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
import org.seamcache.cli.logging.ServeJvm;
import org.seamcache.proxy.ProxyConfig;
import org.seamcache.proxy.ProxyServer;
import org.seamcache.proxy.cluster.ClusterSettings;
import org.seamcache.proxy.cluster.SiblingPolicy;
import org.seamcache.proxy.cluster.ZooKeeperEnsemble;
import org.seamcache.proxy.e2e.CommandRunner;
import org.seamcache.proxy.e2e.Ffprobe;
import org.seamcache.proxy.e2e.GstDecode;
import org.seamcache.proxy.e2e.GstLaunch;
import org.seamcache.proxy.e2e.HarnessFiles;
import org.seamcache.proxy.e2e.OriginServer;
import org.seamcache.proxy.e2e.StreamCounts;
import org.seamcache.proxy.e2e.Transport;
import org.seamcache.proxy.route.Cidr;

/**
 * Three nodes as one cache on a real three-member ZooKeeper ensemble: nodes a and b in this JVM,
 * node c in its own (so its kill -9 is real). b and c prefetch a short title, a another one; the
 * registry shows each node and what it holds; a viewer asking a for b's title is redirected and
 * plays from b with the origin stopped (ffmpeg and GStreamer); c killed with -9 vanishes from the
 * registry within its session timeout; with the whole engine stopped every node serves what it
 * holds, and rejoins (a new session, its entries written again) when the engine is back.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterTest {
  private static final int SESSION_SECONDS = 3;
  private static final int TITLE_SECONDS = 4;

  private static Path work;
  private static OriginServer origin;
  private static ZooKeeperEnsemble ensemble;
  private static ProxyServer a;
  private static ProxyServer b;
  private static ServeJvm c;
  private static URI vod;
  private static URI vodVideo;

  @BeforeAll
  static void start() throws Exception {
    work = Files.createTempDirectory("seamcache-cluster");
    Path media = work.resolve("media/short.mp4");
    var made = CommandRunner.run(List.of("bash", HarnessFiles.script("make-media.sh").toString(), media.toString(),
        String.valueOf(TITLE_SECONDS)), Duration.ofMinutes(2));
    assertThat(made.exitCode()).as(made.describe()).isZero();
    origin = OriginServer.builder().media(media).extraArgs("--video-file", work.resolve("media/short-video.mp4").toString()).build();
    origin.start();
    vod = origin.vodUri();
    vodVideo = origin.rtspUri("/vod-video");
    ensemble = ZooKeeperEnsemble.start();
    a = ProxyServer.start(node("a", "z1"));
    b = ProxyServer.start(node("b", "z1"));
    c = ServeJvm.start("serve", "--bind", "127.0.0.1", "--rtsp-port", "0", "--admin-port", "0", "--data-dir", work.resolve("c").toString(),
        "--allow-origin", "127.0.0.0/8", "--cluster", ensemble.connectString(), "--node-id", "c", "--node-url", "rtsp://127.0.0.1",
        "--zone", "z2", "--cluster-session-seconds", String.valueOf(SESSION_SECONDS));
    prefetch(b.adminAddress().getPort(), vod);
    prefetch(c.adminPort(), vod);
    prefetch(a.adminAddress().getPort(), vodVideo);
  }

  private static ProxyConfig node(String id, String zone) throws Exception {
    Path data = Files.createDirectories(work.resolve(id));
    return ProxyConfig.defaults(0, 0, data, List.of(Cidr.parse("127.0.0.0/8")), Map.of())
        .withBindAddress(InetAddress.getLoopbackAddress())
        .withLiveIdleTeardown(Duration.ofSeconds(1))
        .withCluster(new ClusterSettings(ensemble.connectString(), id, URI.create("rtsp://127.0.0.1"), zone,
            Duration.ofSeconds(SESSION_SECONDS), ClusterSettings.DEFAULT_PUBLISH_INTERVAL, SiblingPolicy.REDIRECT, Map.of()));
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable x : new AutoCloseable[] {c, a, b, ensemble, origin}) {
      if (x != null) {
        try {
          x.close();
        } catch (Exception e) {
          // the rest still closes
        }
      }
    }
  }

  @Test
  @Order(1)
  void theRegistryShowsEveryNodeAndTheCompleteTitlesItHolds() {
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(ensemble.children("/seamcache/nodes")).containsExactlyInAnyOrder("a", "b", "c"));
    assertThat(ensemble.entry("/seamcache/nodes/c")).contains("zone=z2").contains("url=rtsp\\://127.0.0.1\\:");
    // each prefetch ends complete (a 4 s title, then its repair if the first pass had gaps)
    await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
      assertThat(holders(vod)).containsExactlyInAnyOrder("b", "c");
      assertThat(holders(vodVideo)).containsExactly("a");
      assertThat(entry(vod, "b")).contains("state=complete");
      assertThat(entry(vod, "c")).contains("state=complete");
      assertThat(entry(vodVideo, "a")).contains("state=complete");
    });
    assertThat(entry(vod, "b")).contains("key=" + vod.toString().replace(":", "\\:")).containsPattern("size=[1-9]");
  }

  @Test
  @Order(2)
  void aLiveStreamANodeRelaysIsInTheRegistryWhileItRuns() throws Exception {
    URI live = origin.liveUri();
    URI viaB = URI.create("rtsp://127.0.0.1:" + b.rtspAddress().getPort() + "/" + live.getHost() + ":" + live.getPort() + live.getPath());
    String entry = "/seamcache/live/" + hash(live) + "/b";
    var watching = CommandRunner.async(() -> Ffprobe.countFrames(viaB, Transport.TCP, 4, Duration.ofSeconds(30)));
    await().atMost(Duration.ofSeconds(20)).until(() -> ensemble.entry(entry).contains("node=b"));
    assertThat(ensemble.entry(entry)).contains("key=" + live.toString().replace(":", "\\:"));
    assertThat(watching.get(40, java.util.concurrent.TimeUnit.SECONDS).video()).isPositive();
    // the stream ends a second after its last viewer; its entry goes with the next publishing round
    await().atMost(Duration.ofSeconds(15)).until(() -> ensemble.entry(entry).isEmpty());
  }

  @Test
  @Order(3)
  void aViewerAskingANodeWithoutTheTitleIsRedirectedAndPlaysFromTheSiblingWithTheOriginStopped() throws Exception {
    origin.close();
    URI viaA = URI.create("rtsp://127.0.0.1:" + a.rtspAddress().getPort() + "/" + vod.getHost() + ":" + vod.getPort() + vod.getPath());
    Map<String, String> answer = describe(a.rtspAddress().getPort(), viaA);
    assertThat(answer.get("status")).isEqualTo("302");
    // b before c: the same zone as a
    assertThat(answer.get("location")).isEqualTo("rtsp://127.0.0.1:" + b.rtspAddress().getPort() + "/" + vod.getHost() + ":" + vod.getPort() + vod.getPath());

    StreamCounts ffprobe = Ffprobe.countFrames(viaA, Transport.TCP, 0, Duration.ofSeconds(40));
    assertThat(ffprobe.video()).as("ffprobe follows the 302 and plays the title from b: " + ffprobe.run().describe()).isGreaterThanOrEqualTo(TITLE_SECONDS * 25L - 5);
    GstDecode gst = GstLaunch.decodeVideo(viaA, Transport.TCP, 25, Duration.ofSeconds(40));
    assertThat(gst.framesDecoded()).as("gst rtspsrc follows the 302: " + gst.describe()).isGreaterThanOrEqualTo(25);
    String status = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.adminAddress().getPort() + "/status"))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
    assertThat(status).contains("\"cluster\":{\"mode\":\"zookeeper\",\"nodeId\":\"a\",\"connected\":true,\"published\":true")
        .containsPattern("\"redirects\":([3-9]|\\d\\d)"); // the DESCRIBE above, ffprobe's and gst's
  }

  @Test
  @Order(4)
  void aNodeKilledWithSignal9VanishesFromTheRegistryWithinItsSessionTimeout() throws Exception {
    assertThat(ensemble.children("/seamcache/nodes")).contains("c");
    long killed = System.nanoTime();
    c.kill();
    await().atMost(Duration.ofSeconds(SESSION_SECONDS + 10)).pollInterval(Duration.ofMillis(20))
        .untilAsserted(() -> assertThat(ensemble.children("/seamcache/nodes")).doesNotContain("c"));
    double gone = (System.nanoTime() - killed) / 1e9;
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(holders(vod)).containsExactly("b"));
    System.out.printf("cluster: node c's entries vanished %.2f s after kill -9 (session timeout %d s, tick %d ms)%n",
        gone, SESSION_SECONDS, ZooKeeperEnsemble.TICK_MILLIS);
    assertThat(gone).as("gone within seconds: the session timeout, a tick, and slack for a loaded machine").isLessThan(SESSION_SECONDS + 4.0);
  }

  @Test
  @Order(5)
  void withTheEngineStoppedEveryNodeServesWhatItHoldsAndRejoinsWhenItIsBack() throws Exception {
    long aWas = ensemble.owner("/seamcache/nodes/a");
    long bWas = ensemble.owner("/seamcache/nodes/b");
    ensemble.stopAll();
    await().atMost(Duration.ofSeconds(10)).until(() -> !a.clusterStatus().connected() && !b.clusterStatus().connected());

    URI onB = URI.create("rtsp://127.0.0.1:" + b.rtspAddress().getPort() + "/" + vod.getHost() + ":" + vod.getPort() + vod.getPath());
    URI onA = URI.create("rtsp://127.0.0.1:" + a.rtspAddress().getPort() + "/" + vodVideo.getHost() + ":" + vodVideo.getPort() + vodVideo.getPath());
    StreamCounts fromB = Ffprobe.countFrames(onB, Transport.TCP, 2, Duration.ofSeconds(30));
    StreamCounts fromA = Ffprobe.countFrames(onA, Transport.TCP, 2, Duration.ofSeconds(30));
    assertThat(fromB.video()).as(fromB.run().describe()).isGreaterThanOrEqualTo(40);
    assertThat(fromA.video()).as(fromA.run().describe()).isGreaterThanOrEqualTo(40);

    ensemble.restartAll();
    // a new session each (the old ones expired while the engine was away), the entries written again
    await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
      assertThat(ensemble.owner("/seamcache/nodes/a")).isNotIn(0L, aWas);
      assertThat(ensemble.owner("/seamcache/nodes/b")).isNotIn(0L, bWas);
      assertThat(ensemble.owner("/seamcache/titles/" + hash(vodVideo) + "/a")).isEqualTo(ensemble.owner("/seamcache/nodes/a"));
      assertThat(ensemble.owner("/seamcache/titles/" + hash(vod) + "/b")).isEqualTo(ensemble.owner("/seamcache/nodes/b"));
    });
    // and redirects work again: b sends a viewer of a's title to a
    URI viaB = URI.create("rtsp://127.0.0.1:" + b.rtspAddress().getPort() + "/" + vodVideo.getHost() + ":" + vodVideo.getPort() + vodVideo.getPath());
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(describe(b.rtspAddress().getPort(), viaB)).containsEntry("status", "302")
        .containsEntry("location", onA.toString()));
  }

  private static List<String> holders(URI title) {
    return ensemble.children("/seamcache/titles/" + hash(title));
  }

  private static String entry(URI title, String node) {
    return ensemble.entry("/seamcache/titles/" + hash(title) + "/" + node);
  }

}
