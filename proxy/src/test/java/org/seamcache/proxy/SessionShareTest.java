package org.seamcache.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.seamcache.proxy.e2e.OriginServer;

/**
 * The session pool's share per client address (--max-sessions-per-client) against the pool
 * (--max-sessions): one address is held to its share (453) while others still get in, until the
 * pool is full (503); a session given back makes room for its address again. A live route shares
 * one upstream, so the table costs one origin session.
 */
class SessionShareTest {
  private static final String TCP = "Transport: RTP/AVP/TCP;unicast;interleaved=0-1";

  @RegisterExtension static OriginServer origin = OriginServer.builder().build();

  // 7 sessions in all, 3 per address
  @RegisterExtension static RunningProxy proxy = RunningProxy.allowingLoopback().route("live", () -> origin.liveUri()).limits(7, 3);

  @Test
  void eachAddressGetsItsShareUntilThePoolIsFull() throws Exception {
    record Attempt(String from, int status, String reason) {}
    List<Attempt> table = List.of(
        new Attempt("127.0.0.1", 200, "OK"),
        new Attempt("127.0.0.1", 200, "OK"),
        new Attempt("127.0.0.1", 200, "OK"),
        new Attempt("127.0.0.1", 453, "client 127.0.0.1 holds its maximum of 3 sessions"),
        new Attempt("127.0.0.2", 200, "OK"),
        new Attempt("127.0.0.2", 200, "OK"),
        new Attempt("127.0.0.2", 200, "OK"),
        new Attempt("127.0.0.2", 453, "client 127.0.0.2 holds its maximum of 3 sessions"),
        new Attempt("127.0.0.3", 200, "OK"),
        new Attempt("127.0.0.3", 503, "the proxy holds its maximum of 7 sessions"),
        new Attempt("127.0.0.4", 503, "the proxy holds its maximum of 7 sessions"));
    Map<String, RawRtsp> viewers = new LinkedHashMap<>();
    List<String> sessionsOfFirst = new ArrayList<>();
    try {
      for (Attempt a : table) {
        RawRtsp c = viewers.get(a.from());
        if (c == null) {
          c = new RawRtsp(proxy.port(), a.from());
          viewers.put(a.from(), c);
          assertThat(c.request("DESCRIBE", proxy.route("live").toString(), "CSeq: 1").status()).isEqualTo(200);
        }
        RawRtsp.Reply r = c.request("SETUP", proxy.route("live") + "/stream=0", "CSeq: 2", TCP);
        assertThat(r.status() + " " + r.reason()).as(a.toString()).isEqualTo(a.status() + " " + a.reason());
        if (r.status() == 200 && a.from().equals("127.0.0.1")) {
          sessionsOfFirst.add(r.header("Session").split(";")[0]);
        }
      }
      RawRtsp first = viewers.get("127.0.0.1");
      assertThat(first.request("TEARDOWN", proxy.route("live").toString(), "CSeq: 3", "Session: " + sessionsOfFirst.get(0)).status())
          .isEqualTo(200);
      RawRtsp.Reply other = viewers.get("127.0.0.3").request("SETUP", proxy.route("live") + "/stream=0", "CSeq: 4", TCP);
      assertThat(other.status()).as("a place given back is anyone's within their share").isEqualTo(200);
      RawRtsp.Reply again = first.request("SETUP", proxy.route("live") + "/stream=0", "CSeq: 5", TCP);
      assertThat(again.status()).as("the pool is full again").isEqualTo(503);
    } finally {
      for (RawRtsp c : viewers.values()) {
        c.close();
      }
    }
  }
}
