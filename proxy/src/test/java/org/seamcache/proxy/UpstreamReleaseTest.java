package org.seamcache.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Every upstream connection opened for a viewer's request is closed again, whatever happens to the
 * request: the viewer leaves before the answer, or the origin's answer cannot be used. Judged by
 * the proxy's open legs, the connections the origin sees, and this process's file descriptors.
 */
@Isolated // counts the whole process's file descriptors: no other test may open or close any meanwhile
class UpstreamReleaseTest {
  private static final int CLIENTS = 40;

  @RegisterExtension static RunningProxy proxy = RunningProxy.allowingLoopback();
  private static ScriptedOrigin origin;

  @BeforeAll
  static void startOrigin() throws IOException {
    origin = new ScriptedOrigin(
        uri -> {
          if (uri.contains("/no-media")) {
            return ScriptedOrigin.DescribeAnswer.sdp(ScriptedOrigin.NO_MEDIA_SDP);
          }
          if (uri.contains("/bad-base")) {
            return new ScriptedOrigin.DescribeAnswer(List.of("Content-Base: rtsp://[not a uri/"), ScriptedOrigin.STORED_SDP);
          }
          return ScriptedOrigin.DescribeAnswer.sdp(ScriptedOrigin.STORED_SDP);
        });
  }

  @AfterAll
  static void stopOrigin() throws IOException {
    origin.close();
  }

  private String url(String path) {
    return "rtsp://127.0.0.1:" + proxy.port() + "/127.0.0.1:" + origin.port() + path;
  }

  @Test
  void aViewerThatLeavesRightAfterDescribeLeavesNoUpstreamConnection() throws Exception {
    Baseline before = Baseline.now();
    int answeredBefore = origin.describesAnswered();
    for (int i = 0; i < CLIENTS; i++) {
      try (RawRtsp c = new RawRtsp(proxy.port())) {
        c.send("DESCRIBE " + url("/stored-" + i) + " RTSP/1.0\r\nCSeq: 1\r\n\r\n");
      } // closed before the answer: the proxy's DESCRIBE to the origin is still on its way
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> origin.describesAnswered() >= answeredBefore + CLIENTS);
    before.awaitReturn();
  }

  @Test
  void anOriginAnswerWithoutMediaIsRefusedAndItsConnectionClosed() throws Exception {
    refusedAndClosed("/no-media-", "origin SDP describes no media");
  }

  @Test
  void anOriginAnswerWithABrokenContentBaseIsRefusedAndItsConnectionClosed() throws Exception {
    refusedAndClosed("/bad-base-", "origin sent a malformed Content-Base");
  }

  private void refusedAndClosed(String path, String reason) throws Exception {
    Baseline before = Baseline.now();
    try (RawRtsp c = new RawRtsp(proxy.port())) {
      for (int i = 0; i < CLIENTS; i++) {
        RawRtsp.Reply r = c.request("DESCRIBE", url(path + i), "CSeq: " + i);
        assertThat(r.status()).isEqualTo(502);
        assertThat(r.reason()).isEqualTo(reason);
      }
      assertThat(c.request("OPTIONS", "*", "CSeq: 99").status()).isEqualTo(200); // the viewer's connection goes on
      before.awaitReturn(); // while the viewer is still connected: nothing waits for it to leave
    }
  }

  @Test
  void aViewerThatDescribesAndLeavesAfterTheAnswerReleasesTheParkedLeg() throws Exception {
    Baseline before = Baseline.now();
    for (int i = 0; i < CLIENTS / 2; i++) {
      try (RawRtsp c = new RawRtsp(proxy.port())) {
        assertThat(c.request("DESCRIBE", url("/answered-" + i), "CSeq: 1").status()).isEqualTo(200);
      }
    }
    before.awaitReturn();
  }

  /** Open legs, origin connections and file descriptors before a test; awaited back after it. */
  private record Baseline(int legs, int originConnections, long fds) {
    static Baseline now() {
      return new Baseline(proxy.server().status().legs().size(), origin.openConnections(), openFds());
    }

    void awaitReturn() {
      await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
        assertThat(proxy.server().status().legs()).as("open upstream legs").hasSize(legs);
        assertThat(origin.openConnections()).as("connections the origin sees open").isEqualTo(originConnections);
        // a few descriptors of slack: the JVM opens jars and the like on its own
        assertThat(openFds()).as("open file descriptors").isLessThanOrEqualTo(fds + 4);
      });
    }
  }

  private static long openFds() {
    try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
      return s.count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
