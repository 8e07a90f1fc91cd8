package org.seamcache.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A request that would pass through a proxy twice is refused with 508 at once: a proxy URL nested
 * in itself, and two proxies whose URLs point at each other. Requests to origins carry the proxy's
 * {@code Via}.
 */
class ProxyLoopTest {
  private static final int NESTING = 30;

  @RegisterExtension static RunningProxy a = RunningProxy.allowingLoopback();
  @RegisterExtension static RunningProxy b = RunningProxy.allowingLoopback();
  private static ScriptedOrigin origin;

  @BeforeAll
  static void startOrigin() throws IOException {
    origin = new ScriptedOrigin(uri -> ScriptedOrigin.DescribeAnswer.sdp(ScriptedOrigin.STORED_SDP));
  }

  @AfterAll
  static void stopOrigin() throws IOException {
    origin.close();
  }

  private static String hop(RunningProxy p) {
    return "127.0.0.1:" + p.port() + "/";
  }

  @Test
  void aProxyUrlNestedInItselfIs508WithoutAnyUpstreamConnection() throws Exception {
    String url = "rtsp://" + hop(a) + hop(a).repeat(NESTING) + "127.0.0.1:" + origin.port() + "/nested";
    int requestsBefore = origin.requests().size();
    try (RawRtsp c = new RawRtsp(a.port())) {
      RawRtsp.Reply r = c.request("DESCRIBE", url, "CSeq: 1");
      assertThat(r.status()).isEqualTo(508);
      assertThat(r.reason()).isEqualTo("loop detected: origin 127.0.0.1:" + a.port() + " is this proxy");
      assertThat(a.server().viewerConnections().open()).as("only the viewer's own connection").isEqualTo(1);
    }
    assertThat(origin.requests()).hasSize(requestsBefore);
    assertThat(a.server().status().legs()).isEmpty();
  }

  @Test
  void twoProxiesPointingAtEachOtherAre508OnTheSecondPass() throws Exception {
    // viewer -> a -> b -> a: a sees its own name in Via
    String url = "rtsp://" + hop(a) + (hop(b) + hop(a)).repeat(NESTING / 2) + "127.0.0.1:" + origin.port() + "/ping-pong";
    int requestsBefore = origin.requests().size();
    try (RawRtsp c = new RawRtsp(a.port())) {
      RawRtsp.Reply r = c.request("DESCRIBE", url, "CSeq: 1");
      assertThat(r.status()).isEqualTo(508);
      assertThat(r.reason()).contains("loop detected");
    }
    assertThat(origin.requests()).hasSize(requestsBefore);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      assertThat(a.server().status().legs()).isEmpty();
      assertThat(b.server().status().legs()).isEmpty();
      assertThat(a.server().viewerConnections().open()).isZero();
      assertThat(b.server().viewerConnections().open()).isZero();
    });
  }

  @Test
  void requestsToTheOriginCarryTheViaOfEveryHop() throws Exception {
    try (RawRtsp c = new RawRtsp(a.port())) {
      String url = "rtsp://" + hop(a) + "127.0.0.1:" + origin.port() + "/via";
      assertThat(c.request("DESCRIBE", url, "CSeq: 1", "Via: RTSP/1.0 upstream-cache").status()).isEqualTo(200);
    }
    String describe = origin.requests().stream().filter(h -> h.startsWith("DESCRIBE") && h.contains("/via ")).findFirst().orElseThrow();
    assertThat(describe).containsPattern("(?m)^Via: RTSP/1.0 upstream-cache, RTSP/1.0 seamcache-[0-9a-f]{12}$");
  }

  @Test
  void aRequestWhoseViaNamesThisProxyIs508() throws Exception {
    try (RawRtsp c = new RawRtsp(a.port())) {
      String url = "rtsp://" + hop(a) + "127.0.0.1:" + origin.port() + "/learn-name";
      assertThat(c.request("DESCRIBE", url, "CSeq: 1").status()).isEqualTo(200);
      String describe = origin.requests().stream().filter(h -> h.contains("/learn-name ")).findFirst().orElseThrow();
      String via = describe.lines().filter(l -> l.startsWith("Via: ")).findFirst().orElseThrow().substring(5).trim();
      RawRtsp.Reply looped = c.request("OPTIONS", "*", "CSeq: 2", "Via: RTSP/1.0 other, " + via);
      assertThat(looped.status()).isEqualTo(508);
      assertThat(looped.reason()).isEqualTo("loop detected: the request already passed this proxy");
    }
  }
}
