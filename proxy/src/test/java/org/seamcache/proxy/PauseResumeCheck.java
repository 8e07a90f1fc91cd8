package org.seamcache.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

/**
 * One stored title's first track over TCP-interleaved with a raw client: PLAY from 5 s answers
 * RTP-Info and Range, packets flow, PAUSE stops them, PLAY resumes them, TEARDOWN ends it.
 */
final class PauseResumeCheck {
  private PauseResumeCheck() {}

  static void run(int proxyPort, String url) throws IOException {
    try (RawRtsp c = new RawRtsp(proxyPort)) {
      assertThat(c.request("DESCRIBE", url, "CSeq: 1").status()).isEqualTo(200);
      RawRtsp.Reply setup = c.request("SETUP", url + "/stream=0", "CSeq: 2", "Transport: RTP/AVP/TCP;unicast;interleaved=0-1");
      assertThat(setup.status()).isEqualTo(200);
      String session = "Session: " + setup.header("Session").split(";")[0];
      RawRtsp.Reply play = c.request("PLAY", url, "CSeq: 3", session, "Range: npt=5-");
      assertThat(play.status()).isEqualTo(200);
      assertThat(play.header("RTP-Info")).contains(url + "/stream=0").contains("seq=").contains("rtptime=");
      assertThat(play.header("Range")).startsWith("npt=5");
      assertThat(c.countFrames(0, 1500)).as("packets while playing").isGreaterThan(30);

      c.send("PAUSE " + url + " RTSP/1.0\r\nCSeq: 4\r\n" + session + "\r\n\r\n");
      assertThat(c.read().status()).isEqualTo(200);
      c.countFrames(0, 300); // what was in flight
      assertThat(c.countFrames(0, 1200)).as("packets while paused").isZero();

      assertThat(c.request("PLAY", url, "CSeq: 5", session).status()).isEqualTo(200);
      assertThat(c.countFrames(0, 4000)).as("packets after resuming (an origin resuming under load may take a while)").isGreaterThan(30);
      assertThat(c.request("TEARDOWN", url, "CSeq: 6", session).status()).isEqualTo(200);
    }
  }
}
