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
}
