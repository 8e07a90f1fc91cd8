package org.seamcache.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.seamcache.proxy.e2e.OriginServer;
import org.seamcache.proxy.route.Cidr;
import org.seamcache.proxy.server.ViewerAccess;
import org.seamcache.proxy.server.ViewerTokens;

/** A route's viewer rules change with a reload (SIGHUP), for the requests that follow. */
class ViewerAccessReloadTest {
  private static final ViewerTokens TOKENS =
      new ViewerTokens("reload test secret, 16+ bytes".getBytes(StandardCharsets.US_ASCII), System::currentTimeMillis);

  @RegisterExtension static OriginServer origin = OriginServer.builder().build();

  @RegisterExtension static RunningProxy proxy = RunningProxy.allowingLoopback().route("cam", () -> origin.liveUri());

  private static int describe(String from, String query) throws Exception {
    try (RawRtsp raw = new RawRtsp(proxy.port(), from)) {
      return raw.request("DESCRIBE", proxy.route("cam") + query, "CSeq: 1").status();
    }
  }

  @Test
  void aRoutesRulesReloadForTheRequestsThatFollow() throws Exception {
    assertThat(describe("127.0.0.1", "")).as("open at first").isEqualTo(200);

    ViewerAccess tokenOnCam = ViewerAccess.OPEN.withTokens(TOKENS, false)
        .withRoutes(Map.of("cam", new ViewerAccess.Rules(List.of(), Map.of(), true)));
    List<String> report = proxy.server().reload(proxy.config().withViewerAccess(tokenOnCam));
    assertThat(report).singleElement().asString().startsWith("viewer-allow, viewer-user, viewer-auth").contains("route cam: any address")
        .contains("token required");
    String token = "?token=" + TOKENS.mint("/cam", System.currentTimeMillis() / 1000 + 60, null);
    assertThat(describe("127.0.0.1", "")).isEqualTo(403);
    assertThat(describe("127.0.0.1", token)).isEqualTo(200);

    ViewerAccess lanOnly = ViewerAccess.OPEN.withRoutes(Map.of("cam", new ViewerAccess.Rules(List.of(Cidr.parse("127.0.0.2/32")), Map.of(), false)));
    proxy.server().reload(proxy.config().withViewerAccess(lanOnly));
    assertThat(describe("127.0.0.1", token)).isEqualTo(403);
    assertThat(describe("127.0.0.2", "")).isEqualTo(200);
  }
}
