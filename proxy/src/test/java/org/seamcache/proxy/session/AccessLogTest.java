package org.seamcache.proxy.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** What the access log writes of a client's words: no passwords, no control characters, not without end. */
class AccessLogTest {

  @Test
  void urlLosesItsPasswordOnly() {
    assertThat(AccessLog.url("rtsp://cam:s3cret@10.0.0.1:554/live?x=1")).isEqualTo("rtsp://cam:***@10.0.0.1:554/live?x=1");
    assertThat(AccessLog.url("rtsp://cam@10.0.0.1/live")).isEqualTo("rtsp://cam@10.0.0.1/live");
    assertThat(AccessLog.url("rtsp://proxy:8554/10.0.0.1/a@b")).isEqualTo("rtsp://proxy:8554/10.0.0.1/a@b");
    assertThat(AccessLog.url("*")).isEqualTo("*");
  }

  @Test
  void urlLosesAViewerTokensSignature() {
    assertThat(AccessLog.url("rtsp://proxy:8554/news?token=1900000000-abcdef")).isEqualTo("rtsp://proxy:8554/news?token=1900000000-***");
    assertThat(AccessLog.url("rtsp://proxy:8554/news?a=1&token=1900000000-192.0.2.7-abcdef&b=2"))
        .isEqualTo("rtsp://proxy:8554/news?a=1&token=1900000000-192.0.2.7-***&b=2");
    assertThat(AccessLog.url("rtsp://proxy:8554/news?token=whatever")).isEqualTo("rtsp://proxy:8554/news?token=***");
    assertThat(AccessLog.url("rtsp://proxy:8554/news?tokens=1-2")).isEqualTo("rtsp://proxy:8554/news?tokens=1-2");
  }

  @Test
  void clientBytesArePrintableAndCut() {
    assertThat(AccessLog.printable("a\r\nb\u0000c", 100)).isEqualTo("a??b?c");
    assertThat(AccessLog.url("rtsp://h/" + "x".repeat(1000))).hasSize(AccessLog.MAX_URL + 3).endsWith("...");
  }

  @Test
  void addressesAreHostColonPort() {
    assertThat(AccessLog.address(new InetSocketAddress("127.0.0.1", 5000))).isEqualTo("127.0.0.1:5000");
    assertThat(AccessLog.address(new InetSocketAddress("::1", 5000))).isEqualTo("[0:0:0:0:0:0:0:1]:5000");
    assertThat(AccessLog.address(null)).isEqualTo("-");
  }

  @Test
  void endingsAreOneWordEach() {
    assertThat(AccessLog.Ending.CONNECTION_CLOSED.word()).isEqualTo("connection-closed");
    assertThat(AccessLog.Ending.ORIGIN_LOST.word()).isEqualTo("origin-lost");
  }
}
