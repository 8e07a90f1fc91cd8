package org.seamcache.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.seamcache.proxy.ProxyConfig;
import org.seamcache.proxy.route.Cidr;
import org.seamcache.proxy.server.ViewerAccess;
import org.seamcache.proxy.server.ViewerTokens;

/**
 * Viewer tokens and a route's own viewer rules as an operator configures them: {@code seamcache
 * token} mints what {@code serve} accepts, and the serve options and route keys are checked like
 * every setting.
 */
class ViewerAccessConfigTest {
  @TempDir Path dir;

  private Path secret() throws Exception {
    return Files.writeString(dir.resolve("token.secret"), "the portal's secret, 16+ bytes\n");
  }

  @Test
  void tokenMintsWhatTheProxyAccepts() throws Exception {
    Path s = secret();
    CliRun r = CliRun.of(Map.of(), "token", "--secret-file", s.toString(), "--path", "/news", "--expires", "1h");
    assertThat(r.exit()).as(r.err()).isZero();
    String query = r.out().strip();
    assertThat(query).matches("\\?token=[0-9]+-[0-9a-f]{64}");
    ViewerTokens tokens = ViewerTokens.fromFile(s, System::currentTimeMillis);
    String token = query.substring("?token=".length());
    InetAddress anyone = InetAddress.getByName("192.0.2.7");
    assertThat(tokens.refusal(token, "/news", anyone)).isEmpty();
    assertThat(ViewerTokens.expiresMillis(token) - System.currentTimeMillis()).isBetween(3_500_000L, 3_600_000L);

    CliRun bound = CliRun.of(Map.of(), "token", "--secret-file", s.toString(), "--path", "rtsp://proxy:8554/news?x=1", "--expires", "90s",
        "--client", "192.0.2.7");
    String boundToken = bound.out().strip().substring("?token=".length());
    assertThat(tokens.refusal(boundToken, "/news", anyone)).as("the path of a whole URL").isEmpty();
    assertThat(tokens.refusal(boundToken, "/news", InetAddress.getByName("192.0.2.8"))).isPresent();
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = ';', value = {
      "--expires 0;--expires 0: a duration such as 90s",
      "--expires 400d;--expires 400d: a duration such as 90s, 30m, 1h or 7d, up to 366d",
      "--expires soon;--expires soon: a duration",
      "--client example.com;--client example.com: an IP address such as",
      "--path /a?b;--path /a?b: a URL path such as /news",
  })
  void aBadTokenRequestIsNamed(String change, String expected) throws Exception {
    List<String> args = new ArrayList<>(List.of("token", "--secret-file", secret().toString(), "--path", "/news", "--expires", "1h"));
    String[] kv = change.split(" ", 2);
    int at = args.indexOf(kv[0]);
    if (at >= 0) {
      args.set(at + 1, kv[1]);
    } else {
      args.addAll(List.of(kv));
    }
    CliRun r = CliRun.of(Map.of(), args.toArray(String[]::new));
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip()).startsWith("seamcache token: " + expected);
  }

  @Test
  void aShortOrMissingSecretIsNamed() throws Exception {
    Path shortSecret = Files.writeString(dir.resolve("short"), "tooshort\n");
    CliRun r = CliRun.of(Map.of(), "token", "--secret-file", shortSecret.toString(), "--path", "/news", "--expires", "1h");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip()).isEqualTo("seamcache token: --secret-file " + shortSecret + ": a token secret needs at least 16 bytes, got 8");
    CliRun none = CliRun.of(Map.of(), "token", "--secret-file", dir.resolve("none").toString(), "--path", "/news", "--expires", "1h");
    assertThat(none.err().strip()).isEqualTo("seamcache token: --secret-file " + dir.resolve("none") + ": cannot be read (NoSuchFileException)");
  }

  /** file contents (| for a new line, SECRET for the secret file's path), what the one line must name. */
  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = ';', value = {
      "viewer-token=always;viewer-token=always: off or required",
      "viewer-token=required;viewer-token=required: needs --viewer-token-secret FILE",
      "viewer-token-secret=/nonexistent/secret;viewer-token-secret=/nonexistent/secret: cannot be read (NoSuchFileException)",
      "route.cam=rtsp://origin/cam|route.cam.viewer-token=required;route.cam.viewer-token=required: needs viewer-token-secret=FILE",
      "route.cam=rtsp://origin/cam|route.cam.viewer-token=yes|viewer-token-secret=SECRET;route.cam.viewer-token=yes: off or required",
      "route.cam=rtsp://origin/cam|route.cam.viewer-allow=lan;route.cam.viewer-allow=lan: 'lan' is not an IP network",
      "route.cam=rtsp://origin/cam|route.cam.viewer-user=alice;route.cam.viewer-user=alice: NAME:PASSWORD",
      "route.cam=rtsp://origin/cam|route.cam.viewer-user=alice:pw,bob;route.cam.viewer-user=alice:***,bob: NAME:PASSWORD",
      "route.cam.viewer-allow=10.0.0.0/8;route.cam.viewer-allow=10.0.0.0/8: no route named 'cam'",
  })
  void aBadAccessSettingStopsTheStartWithOneLineNamingIt(String file, String expected) throws Exception {
    Path c = Files.writeString(dir.resolve("seamcache.conf"), file.replace('|', '\n').replace("SECRET", secret().toString()));
    CliRun r = CliRun.of(Map.of(), "serve", "--config", c.toString(), "--data-dir", dir.resolve("data").toString());
    assertThat(r.exit()).as(r.err()).isEqualTo(2);
    assertThat(r.err().lines()).as(r.err()).hasSize(1);
    assertThat(r.err()).contains(expected).doesNotContain("Exception:").doesNotContain("\tat ");
    assertThat(r.err()).doesNotContain(":pw");
  }

  @Test
  void routeKeysReplaceTheProxysRulesForThatRouteAndPasswordsAreNotShown() throws Exception {
    Path c = Files.writeString(dir.resolve("seamcache.conf"), String.join("\n",
        "viewer-allow=10.0.0.0/8",
        "viewer-token-secret=" + secret(),
        "route.cam=rtsp://origin/cam",
        "route.cam.viewer-token=required",
        "route.lan=rtsp://origin/lan",
        "route.lan.viewer-allow=192.168.0.0/16",
        "route.lan.viewer-user=alice:topsecret",
        "route.lan.max-legs=1",
        ""));
    StringWriter err = new StringWriter();
    ServeCommand serve = ConfigCommand.parsedServe(Map.of(), List.of("--config", c.toString()), new PrintWriter(err, true), "test");
    assertThat(serve).as(err.toString()).isNotNull();
    ProxyConfig cfg = serve.proxyConfig();
    ViewerAccess v = cfg.viewers();
    assertThat(v.rulesFor(null)).isEqualTo(new ViewerAccess.Rules(List.of(Cidr.parse("10.0.0.0/8")), Map.of(), false));
    assertThat(v.rulesFor("cam")).isEqualTo(new ViewerAccess.Rules(List.of(Cidr.parse("10.0.0.0/8")), Map.of(), true));
    assertThat(v.rulesFor("lan")).isEqualTo(new ViewerAccess.Rules(List.of(Cidr.parse("192.168.0.0/16")), Map.of("alice", "topsecret"), false));
    assertThat(cfg.seamingFor("lan").maxLegs()).as("seaming keys of the same route still apply").isEqualTo(1);
    assertThat(cfg.routeSeaming()).as("a route with only viewer keys is seamed as the proxy's contents").doesNotContainKey("cam");

    CliRun show = CliRun.of(Map.of(), "config", "show", "--config", c.toString());
    assertThat(show.exit()).as(show.err()).isZero();
    assertThat(show.out().lines()).contains("route.lan.viewer-user=alice:***    # config " + c, "route.cam.viewer-token=required    # config " + c);
    assertThat(show.out()).doesNotContain("topsecret");
  }
}
