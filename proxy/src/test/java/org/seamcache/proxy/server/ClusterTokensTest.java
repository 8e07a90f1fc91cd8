package org.seamcache.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.seamcache.proxy.route.Cidr;

/** Node-to-node tokens minted and checked with a fake clock, and how viewer access judges a request that shows one. */
class ClusterTokensTest {
  private static final byte[] SECRET = "0123456789abcdef-cluster".getBytes(StandardCharsets.US_ASCII);
  private final AtomicLong now = new AtomicLong(1_800_000_000_000L);
  private final ClusterTokens tokens = new ClusterTokens(SECRET, now::get);

  @Test
  void aSignedUrlCarriesAShortLivedTokenForItsOwnPath() throws Exception {
    String url = tokens.sign("rtsp://10.0.0.2:8554/10.0.0.9:8554/vod");
    assertThat(url).matches("rtsp://10\\.0\\.0\\.2:8554/10\\.0\\.0\\.9:8554/vod\\?token=cluster\\.1800000060-[0-9a-f]{64}");
    TokenQuery q = TokenQuery.of(url);
    assertThat(q.uri()).isEqualTo("rtsp://10.0.0.2:8554/10.0.0.9:8554/vod");
    InetAddress anyone = InetAddress.getByName("192.0.2.7");
    assertThat(tokens.refusal(q.token(), q.path(), anyone)).isEmpty();
    assertThat(tokens.refusal(q.token(), "/10.0.0.9:8554/other", anyone)).contains("cluster token is not valid for /10.0.0.9:8554/other");
    now.addAndGet(ClusterTokens.LIFETIME_SECONDS * 1000);
    assertThat(tokens.refusal(q.token(), q.path(), anyone)).contains("cluster token expired");
  }

  @Test
  void aUrlWithAQueryKeepsItAndGetsTheTokenLast() {
    String url = tokens.sign("rtsp://n:1/cam?ch=2");
    assertThat(url).startsWith("rtsp://n:1/cam?ch=2&token=cluster.");
    assertThat(TokenQuery.of(url).uri()).isEqualTo("rtsp://n:1/cam?ch=2");
  }

  @Test
  void aClusterTokenIsNoViewerTokenNorTheOtherWayRoundEvenUnderTheSameSecret() throws Exception {
    ViewerTokens viewers = new ViewerTokens(SECRET, now::get);
    InetAddress anyone = InetAddress.getByName("192.0.2.7");
    String cluster = tokens.mint("/news");
    assertThat(viewers.refusal(cluster.substring(ClusterTokens.PREFIX.length()), "/news", anyone)).contains("viewer token is not valid for /news");
    String viewer = viewers.mint("/news", now.get() / 1000 + 30, null);
    assertThat(tokens.refusal(ClusterTokens.PREFIX + viewer, "/news", anyone)).contains("cluster token is not valid for /news");
  }

  @Test
  void aShortSecretIsRefused() {
    assertThatThrownBy(() -> new ClusterTokens("short".getBytes(StandardCharsets.US_ASCII), now::get))
        .hasMessageContaining("at least 16 bytes");
  }

  /** A node whose viewers need a viewer token, a password and an address in 10.0.0.0/8. */
  private ViewerAccess strict(ClusterTokens cluster) {
    return new ViewerAccess(List.of(Cidr.parse("10.0.0.0/8")), Map.of("ann", "pw"), false, now::get)
        .withTokens(new ViewerTokens("another secret, the portal's".getBytes(StandardCharsets.US_ASCII), now::get), true)
        .withClusterTokens(cluster);
  }

  private static ViewerAccess.Request describe(String client, String uri, boolean clusterGranted) throws Exception {
    return new ViewerAccess.Request(InetAddress.getByName(client), "DESCRIBE", uri, null, null, null, false, TokenQuery.of(uri), false,
        clusterGranted);
  }

  @Test
  void aValidClusterTokenAdmitsWithoutTheViewerRulesAndAnyOtherIsRefusedWithItsReason() throws Exception {
    ViewerAccess access = strict(tokens);
    String signed = tokens.sign("rtsp://b:1/paid");
    assertThat(access.check(describe("192.0.2.7", signed, false))).as("neither address, password nor viewer token needed").isEmpty();
    assertThat(access.check(describe("192.0.2.7", "rtsp://b:1/paid", true))).as("a grant of an earlier cluster token on the connection").isEmpty();
    assertThat(access.check(describe("10.0.0.7", "rtsp://b:1/paid", false)).map(ViewerAccess.Refusal::reason))
        .as("without one the viewer rules apply").contains("a viewer token is required (?token=)");

    ClusterTokens forged = new ClusterTokens("not the cluster's secret at all".getBytes(StandardCharsets.US_ASCII), now::get);
    Optional<ViewerAccess.Refusal> r = access.check(describe("10.0.0.7", forged.sign("rtsp://b:1/paid"), false));
    assertThat(r).map(ViewerAccess.Refusal::status).contains(403);
    assertThat(r).map(ViewerAccess.Refusal::reason).contains("cluster token is not valid for /paid");
    assertThat(strict(null).check(describe("10.0.0.7", signed, false)).map(ViewerAccess.Refusal::reason))
        .contains("a cluster token, but this node has no cluster secret");
    assertThat(ViewerAccess.OPEN.check(describe("10.0.0.7", signed, false)).map(ViewerAccess.Refusal::status))
        .as("even a node open to anyone refuses a cluster token it cannot verify").contains(403);
  }
}
