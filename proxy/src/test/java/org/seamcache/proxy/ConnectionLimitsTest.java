package org.seamcache.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.seamcache.proxy.server.ConnectionLimits;

/**
 * Limits and timeouts of viewer connections, as tables of what is allowed and what is refused (and
 * how): connections in total and per client address, a request that must arrive whole in time,
 * connections idle without a session, upstream connections per viewer connection.
 */
class ConnectionLimitsTest {
  private static final Duration SHORT = Duration.ofSeconds(1);

  /** 6 connections, 3 per address, 2 upstream per connection; timeouts long enough not to interfere. */
  @RegisterExtension
  static RunningProxy counted =
      RunningProxy.allowingLoopback().connections(ConnectionLimits.defaults().withConnections(6, 3).withMaxUpstreamPerConnection(2));

  /** Two upstream sessions over the whole proxy. */
  @RegisterExtension
  static RunningProxy scarce = RunningProxy.allowingLoopback().connections(ConnectionLimits.defaults().withMaxUpstream(2));

  /** Request and idle timeouts of 1 s. */
  @RegisterExtension
  static RunningProxy timed = RunningProxy.allowingLoopback().connections(ConnectionLimits.defaults().withTimeouts(SHORT, SHORT));

  private static ScriptedOrigin origin;

  @BeforeAll
  static void startOrigin() throws IOException {
    origin = new ScriptedOrigin(uri -> ScriptedOrigin.DescribeAnswer.sdp(ScriptedOrigin.STORED_SDP));
  }

  /** Connections a case closed are gone on the proxy's side too before the next case counts again. */
  @org.junit.jupiter.api.BeforeEach
  void earlierConnectionsClosed() {
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
        .until(() -> counted.server().viewerConnections().open() == 0 && timed.server().viewerConnections().open() == 0
            && scarce.server().viewerConnections().open() == 0);
  }

  @AfterAll
  static void stopOrigin() throws IOException {
    origin.close();
  }

  private static String stored(RunningProxy proxy, String name) {
    return "rtsp://127.0.0.1:" + proxy.port() + "/127.0.0.1:" + origin.port() + "/" + name;
  }

  @ParameterizedTest(name = "connection {1} from {0}: {2}")
  @CsvSource({
    // from       | nth connection open at once | status | reason
    "127.0.0.2, 1, 200, ''",
    "127.0.0.2, 3, 200, ''",
    "127.0.0.2, 4, 503, too many connections from 127.0.0.2 (3)",
  })
  void connectionsPerAddress(String from, int nth, int status, String reason) throws Exception {
    List<RawRtsp> held = new ArrayList<>();
    try {
      for (int i = 1; i < nth; i++) {
        RawRtsp c = new RawRtsp(counted.port(), from);
        held.add(c);
        assertThat(c.request("OPTIONS", "*", "CSeq: 1").status()).isEqualTo(200);
      }
      try (RawRtsp last = new RawRtsp(counted.port(), from)) {
        RawRtsp.Reply r = last.request("OPTIONS", "*", "CSeq: 1");
        assertThat(r.status()).isEqualTo(status);
        if (status != 200) {
          assertThat(r.reason()).isEqualTo(reason);
          assertThat(last.closedByPeer()).isTrue();
        }
      }
    } finally {
      for (RawRtsp c : held) {
        c.close();
      }
    }
  }

  @Test
  void connectionsInTotal() throws Exception {
    List<RawRtsp> held = new ArrayList<>();
    try {
      for (String from : List.of("127.0.0.3", "127.0.0.4")) {
        for (int i = 0; i < 3; i++) {
          RawRtsp c = new RawRtsp(counted.port(), from);
          held.add(c);
          assertThat(c.request("OPTIONS", "*", "CSeq: 1").status()).as("connection %d from %s", i + 1, from).isEqualTo(200);
        }
      }
      try (RawRtsp seventh = new RawRtsp(counted.port(), "127.0.0.5")) {
        RawRtsp.Reply r = seventh.request("OPTIONS", "*", "CSeq: 1");
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.reason()).isEqualTo("too many connections (6)");
      }
      held.remove(0).close(); // a place frees up once the proxy saw the close
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
        try (RawRtsp again = new RawRtsp(counted.port(), "127.0.0.5")) {
          assertThat(again.request("OPTIONS", "*", "CSeq: 1").status()).isEqualTo(200);
        }
      });
    } finally {
      for (RawRtsp c : held) {
        c.close();
      }
    }
  }

  @ParameterizedTest(name = "DESCRIBE {0} on one connection: {1}")
  @CsvSource({
    // nth DESCRIBE of a stored title (each holds an upstream connection until PLAY) | status | reason
    "1, 200, ''",
    "2, 200, ''",
    "3, 453, this connection already holds 2 upstream connections; TEARDOWN or close some first",
  })
  void upstreamConnectionsPerViewerConnection(int nth, int status, String reason) throws Exception {
    try (RawRtsp c = new RawRtsp(counted.port(), "127.0.0.6")) {
      RawRtsp.Reply r = null;
      for (int i = 1; i <= nth; i++) {
        r = c.request("DESCRIBE", stored(counted, "title-" + nth + "-" + i), "CSeq: " + i);
      }
      assertThat(r.status()).isEqualTo(status);
      if (status != 200) {
        assertThat(r.reason()).isEqualTo(reason);
        assertThat(c.request("OPTIONS", "*", "CSeq: 9").status()).as("the connection goes on").isEqualTo(200);
      }
    }
  }

  @Test
  void theProxysUpstreamSessionsAreLimitedAndFreedWhenTheirViewerGoes() throws Exception {
    try (RawRtsp a = new RawRtsp(scarce.port(), "127.0.0.7"); RawRtsp b = new RawRtsp(scarce.port(), "127.0.0.8")) {
      assertThat(a.request("DESCRIBE", stored(scarce, "one"), "CSeq: 1").status()).isEqualTo(200);
      assertThat(b.request("DESCRIBE", stored(scarce, "two"), "CSeq: 1").status()).isEqualTo(200);
      try (RawRtsp c = new RawRtsp(scarce.port(), "127.0.0.9")) {
        RawRtsp.Reply r = c.request("DESCRIBE", stored(scarce, "three"), "CSeq: 1");
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.reason()).isEqualTo("the proxy's upstream session limit (2) is reached");
        a.close(); // its upstream session goes with it
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
            .until(() -> c.request("DESCRIBE", stored(scarce, "three"), "CSeq: 2").status() == 200);
      }
    }
    assertThat(scarce.server().scrapeMetrics()).containsPattern("seamcache_upstream_limited_total [1-9]");
  }

  @Test
  void aRequestThatArrivesInPiecesButWholeInTimeIsAnswered() throws Exception {
    try (RawRtsp c = new RawRtsp(timed.port())) {
      c.send("OPTIONS * RTSP/1.0\r\n");
      c.send("CSeq: 1\r\n");
      c.send("\r\n");
      assertThat(c.read().status()).isEqualTo(200);
    }
  }

  @Test
  void halfARequestThenNothingIs408AndClose() throws Exception {
    try (RawRtsp c = new RawRtsp(timed.port())) {
      long start = System.nanoTime();
      c.send("DESCRIBE rtsp://127.0.0.1/x RTSP/1.0\r\nCSeq: 1\r\n");
      RawRtsp.Reply r = c.read();
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertThat(r.status()).isEqualTo(408);
      assertThat(r.reason()).isEqualTo("request not received whole within 1 s");
      assertThat(millis).isBetween(900L, 5000L);
      assertThat(c.closedByPeer()).isTrue();
    }
  }

  @Test
  void aSlowlorisThatKeepsSendingHeaderLinesIs408AndClose() throws Exception {
    ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
    try (RawRtsp c = new RawRtsp(timed.port())) {
      c.send("OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n");
      int[] sent = {0};
      trickle.scheduleAtFixedRate(() -> {
        try {
          if (sent[0]++ < 40) { // bounded: 40 lines, 8 s at most
            c.send("X-Slow-" + sent[0] + ": a\r\n");
          }
        } catch (IOException closed) {
          // the proxy closed the connection: what the test waits for
        }
      }, 200, 200, TimeUnit.MILLISECONDS);
      RawRtsp.Reply r = c.read();
      assertThat(r.status()).isEqualTo(408);
      assertThat(sent[0]).as("header lines sent before the 408").isLessThan(15);
    } finally {
      trickle.shutdownNow();
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    // what the connection did before going quiet | closed by the proxy
    "nothing at all,                    true",
    "OPTIONS,                           true",
    "DESCRIBE,                          true",
    "DESCRIBE and SETUP (has a session), false",
  })
  void idleConnectionsWithoutASessionAreClosed(String what, boolean closed) throws Exception {
    try (RawRtsp c = new RawRtsp(timed.port(), "127.0.0.7")) {
      if (what.startsWith("OPTIONS")) {
        assertThat(c.request("OPTIONS", "*", "CSeq: 1").status()).isEqualTo(200);
      }
      if (what.startsWith("DESCRIBE")) {
        assertThat(c.request("DESCRIBE", stored(timed, "idle-" + what.length()), "CSeq: 2").status()).isEqualTo(200);
      }
      if (what.contains("SETUP")) {
        RawRtsp.Reply setup = c.request("SETUP", stored(timed, "idle-" + what.length()) + "/stream=0", "CSeq: 3",
            "Transport: RTP/AVP/TCP;unicast;interleaved=0-1");
        assertThat(setup.status()).isEqualTo(200);
      }
      assertThat(closedWithin(c, Duration.ofSeconds(3))).isEqualTo(closed);
    }
  }

  /** True when the proxy closes the connection within {@code limit}; false when it is still open then. */
  private static boolean closedWithin(RawRtsp c, Duration limit) throws IOException {
    c.soTimeout((int) limit.toMillis());
    try {
      return c.closedByPeer();
    } catch (SocketTimeoutException stillOpen) {
      return false;
    }
  }
}
