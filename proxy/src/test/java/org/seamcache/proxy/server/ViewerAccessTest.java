package org.seamcache.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.seamcache.proxy.route.Cidr;
import org.seamcache.proxy.rtsp.Credentials;
import org.seamcache.proxy.rtsp.DigestAuthorization;
import org.seamcache.proxy.rtsp.WwwAuthenticateHeader;

/** Viewer access decisions with hand-made requests; the client side is the proxy's own Digest code towards origins. */
class ViewerAccessTest {
  private static final String URI = "rtsp://proxy:8554/cam";
  private final AtomicLong now = new AtomicLong(1_000_000);
  private final ViewerAccess digest = new ViewerAccess(List.of(), Map.of("alice", "s3cret"), false, now::get);
  private final InetAddress client = InetAddress.getLoopbackAddress();

  private String answer(ViewerAccess access, String user, String password, String method) throws Exception {
    ViewerAccess.Refusal asked = access.check(client, method, URI, null).orElseThrow();
    assertThat(asked.status()).isEqualTo(401);
    var challenge = WwwAuthenticateHeader.parse(asked.challenge().orElseThrow()).digest().orElseThrow();
    return DigestAuthorization.withRandomCnonce(new Credentials(user, password), challenge).authorize(method, URI);
  }

  @Test
  void digestWithTheRightPasswordPassesAndAnythingElseIsChallenged() throws Exception {
    assertThat(digest.check(client, "DESCRIBE", URI, answer(digest, "alice", "s3cret", "DESCRIBE"))).isEmpty();
    assertThat(digest.check(client, "DESCRIBE", URI, answer(digest, "alice", "guess", "DESCRIBE")).orElseThrow().reason())
        .isEqualTo("wrong user name or password");
    assertThat(digest.check(client, "DESCRIBE", URI, answer(digest, "mallory", "s3cret", "DESCRIBE"))).isPresent();
    // an answer for one method or URI does not pass for another
    assertThat(digest.check(client, "PLAY", URI, answer(digest, "alice", "s3cret", "DESCRIBE"))).isPresent();
    assertThat(digest.check(client, "DESCRIBE", URI + "/other", answer(digest, "alice", "s3cret", "DESCRIBE"))).isPresent();
    assertThat(digest.check(client, "OPTIONS", URI, null)).as("OPTIONS needs no credentials").isEmpty();
    assertThat(digest.check(client, "DESCRIBE", URI, "Digest username=\"alice\"")).isPresent();
    assertThat(digest.check(client, "DESCRIBE", URI, "Basic " + Base64.getEncoder().encodeToString("alice:s3cret".getBytes())))
        .as("Basic is not accepted where Digest is asked").isPresent();
  }

  @Test
  void anOldNonceIsStaleAndAForgedOneIsRefused() throws Exception {
    String ok = answer(digest, "alice", "s3cret", "DESCRIBE");
    now.addAndGet(ViewerAccess.NONCE_LIFETIME_MILLIS + 1);
    ViewerAccess.Refusal stale = digest.check(client, "DESCRIBE", URI, ok).orElseThrow();
    assertThat(stale.challenge().orElseThrow()).contains("stale=true");
    ViewerAccess other = new ViewerAccess(List.of(), Map.of("alice", "s3cret"), false, now::get);
    assertThat(other.check(client, "DESCRIBE", URI, answer(digest, "alice", "s3cret", "DESCRIBE")).orElseThrow().reason())
        .as("a nonce another process made").isEqualTo("unknown nonce");
  }

  @Test
  void basicWhenChosen() {
    ViewerAccess basic = new ViewerAccess(List.of(), Map.of("bob", "pa55"), true, now::get);
    assertThat(basic.check(client, "DESCRIBE", URI, null).orElseThrow().challenge().orElseThrow()).isEqualTo("Basic realm=\"seamcache\"");
    assertThat(basic.check(client, "DESCRIBE", URI, "Basic " + Base64.getEncoder().encodeToString("bob:pa55".getBytes()))).isEmpty();
    assertThat(basic.check(client, "DESCRIBE", URI, "Basic " + Base64.getEncoder().encodeToString("bob:nope".getBytes()))).isPresent();
    assertThat(basic.check(client, "DESCRIBE", URI, "Basic !!")).isPresent();
  }

  @Test
  void addressesOutsideTheAllowListGet403() throws Exception {
    ViewerAccess lan = new ViewerAccess(List.of(Cidr.parse("127.0.0.1/32")), Map.of(), false, now::get);
    assertThat(lan.check(InetAddress.getByName("127.0.0.1"), "DESCRIBE", URI, null)).isEmpty();
    ViewerAccess.Refusal r = lan.check(InetAddress.getByName("127.0.0.2"), "OPTIONS", URI, null).orElseThrow();
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.reason()).isEqualTo("viewer address 127.0.0.2 is not allowed");
    assertThat(ViewerAccess.OPEN.check(InetAddress.getByName("127.0.0.2"), "DESCRIBE", URI, null)).isEmpty();
  }

  private static ViewerAccess.Request request(String client, String method, String uri, String route, String authorization,
      String proxyAuthorization, boolean proxyForm) throws Exception {
    return new ViewerAccess.Request(InetAddress.getByName(client), method, uri, route, authorization, proxyAuthorization, proxyForm,
        TokenQuery.of(uri), false, false);
  }

  @Test
  void proxyAuthorizationIsAcceptedAndProxyClientsAreChallengedWith407() throws Exception {
    String basic = "Basic " + Base64.getEncoder().encodeToString("bob:pa55".getBytes());
    ViewerAccess access = new ViewerAccess(List.of(), Map.of("bob", "pa55"), true, now::get);
    String proxied = "rtsp://origin.example.com/live";
    // what, request, status (0: admitted), challenge header
    record Case(String what, ViewerAccess.Request q, int status, String header) {}
    List<Case> cases = List.of(
        new Case("server form, nothing", request("127.0.0.1", "DESCRIBE", URI, null, null, null, false), 401, "WWW-Authenticate"),
        new Case("server form, Authorization", request("127.0.0.1", "DESCRIBE", URI, null, basic, null, false), 0, null),
        new Case("server form, Proxy-Authorization", request("127.0.0.1", "DESCRIBE", URI, null, null, basic, false), 0, null),
        new Case("proxy form, nothing", request("127.0.0.1", "DESCRIBE", proxied, null, null, null, true), 407, "Proxy-Authenticate"),
        new Case("proxy form, Proxy-Authorization", request("127.0.0.1", "DESCRIBE", proxied, null, null, basic, true), 0, null),
        new Case("proxy form, Proxy-Authorization wrong, Authorization for the origin",
            request("127.0.0.1", "DESCRIBE", proxied, null, basic, basic.replace("a", "b"), true), 407, "Proxy-Authenticate"),
        new Case("server form, wrong Proxy-Authorization", request("127.0.0.1", "DESCRIBE", URI, null, null, "Basic eDp5", false), 407,
            "Proxy-Authenticate"));
    for (Case c : cases) {
      var r = access.check(c.q());
      if (c.status() == 0) {
        assertThat(r).as(c.what()).isEmpty();
      } else {
        assertThat(r).as(c.what()).isPresent();
        assertThat(r.get().status()).as(c.what()).isEqualTo(c.status());
        assertThat(r.get().challengeHeader()).as(c.what()).isEqualTo(c.header());
        assertThat(r.get().challenge()).as(c.what()).contains("Basic realm=\"seamcache\"");
      }
    }
  }

  @Test
  void aRoutesOwnRulesReplaceTheProxysForRequestsUnderIt() throws Exception {
    ViewerTokens tokens = new ViewerTokens("sixteen bytes or more".getBytes(), now::get);
    ViewerAccess access = new ViewerAccess(List.of(Cidr.parse("10.0.0.0/8")), Map.of(), false, now::get)
        .withTokens(tokens, false)
        .withRoutes(Map.of(
            "lan", new ViewerAccess.Rules(List.of(Cidr.parse("192.168.0.0/16")), Map.of(), false),
            "paid", new ViewerAccess.Rules(List.of(), Map.of(), true),
            "staff", new ViewerAccess.Rules(List.of(Cidr.parse("10.0.0.0/8")), Map.of("alice", "s3cret"), false)));
    String token = "?token=" + tokens.mint("/paid", now.get() / 1000 + 60, null);
    record Case(String client, String uri, String route, int status) {}
    List<Case> cases = List.of(
        new Case("10.1.2.3", "rtsp://p/other", null, 0),
        new Case("192.168.1.1", "rtsp://p/other", null, 403),
        new Case("192.168.1.1", "rtsp://p/lan", "lan", 0),
        new Case("10.1.2.3", "rtsp://p/lan", "lan", 403),
        new Case("203.0.113.9", "rtsp://p/paid", "paid", 403),
        new Case("203.0.113.9", "rtsp://p/paid" + token, "paid", 0),
        new Case("10.1.2.3", "rtsp://p/staff", "staff", 401),
        new Case("192.168.1.1", "rtsp://p/staff", "staff", 403));
    for (Case c : cases) {
      var r = access.check(request(c.client(), "DESCRIBE", c.uri(), c.route(), null, null, false));
      assertThat(r.map(ViewerAccess.Refusal::status).orElse(0)).as(c.toString()).isEqualTo(c.status());
    }
    assertThat(access.tokenRequired("paid")).isTrue();
    assertThat(access.tokenRequired(null)).isFalse();
    assertThat(access).as("reload sees a change of a route's rules").isNotEqualTo(access.withRoutes(Map.of()));
  }
}
