package org.seamcache.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.seamcache.proxy.e2e.OriginServer;

/**
 * Transport values a viewer may ask for at SETUP: only what the proxy can really send to is
 * accepted (channel pairs 0-254, client ports 1-65535 with room for RTCP); anything else is refused
 * there with 461 and a reason, creates no session, and leaves the connection usable. Before, such
 * values were accepted and failed later, per packet, while packets were fanned out to all viewers.
 */
class TransportAtSetupTest {
  @RegisterExtension static OriginServer origin = OriginServer.builder().build();
  @RegisterExtension static RunningProxy proxy = RunningProxy.allowingLoopback();

  private String vod() {
    return proxy.via(origin.vodUri()).toString();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        // asked for                                           | status | answered transport
        "RTP/AVP/TCP;unicast;interleaved=255                    | 461    |",
        "RTP/AVP/TCP;unicast;interleaved=3                      | 461    |",
        "RTP/AVP/TCP;unicast;interleaved=1-2                    | 461    |",
        "RTP/AVP/TCP;unicast;interleaved=0-3                    | 461    |",
        "RTP/AVP;unicast;client_port=0-1                        | 461    |",
        "RTP/AVP;unicast;client_port=0                          | 461    |",
        "RTP/AVP;unicast;client_port=65535                      | 461    |",
        "RTP/AVP;multicast;client_port=5000-5001                | 461    |",
        "RTP/AVP/TCP;unicast;interleaved=254-255                | 200    | RTP/AVP/TCP;unicast;interleaved=254-255",
        "RTP/AVP/TCP;unicast;interleaved=4                      | 200    | RTP/AVP/TCP;unicast;interleaved=4-5",
        "RTP/AVP/TCP;unicast                                    | 200    | RTP/AVP/TCP;unicast;interleaved=0-1",
        "RTP/AVP;unicast;client_port=65534-65535                | 200    | RTP/AVP;unicast;client_port=65534-65535",
        "RTP/AVP;unicast;client_port=5000                       | 200    | RTP/AVP;unicast;client_port=5000-5001",
        // an unservable alternative is skipped for a servable one
        "'RTP/AVP/TCP;unicast;interleaved=255,RTP/AVP/TCP;unicast;interleaved=2-3' | 200 | RTP/AVP/TCP;unicast;interleaved=2-3",
      })
  void setupAcceptsOnlyTransportsTheProxyCanSendTo(String asked, int status, String answered) throws Exception {
    try (RawRtsp c = new RawRtsp(proxy.port())) {
      assertThat(c.request("DESCRIBE", vod(), "CSeq: 1").status()).isEqualTo(200);
      int sessionsBefore = proxy.server().status().sessions();
      RawRtsp.Reply r = c.request("SETUP", vod() + "/stream=0", "CSeq: 2", "Transport: " + asked);
      assertThat(r.status()).as(r.toString()).isEqualTo(status);
      if (status == 200) {
        assertThat(r.header("Transport")).startsWith(answered);
        return;
      }
      assertThat(r.reason()).as("the reason says what is wrong").containsAnyOf("interleaved", "client_port", "multicast");
      assertThat(r.header("Session")).isNull();
      assertThat(proxy.server().status().sessions()).isEqualTo(sessionsBefore);
      // The connection goes on: a servable SETUP still works.
      RawRtsp.Reply ok = c.request("SETUP", vod() + "/stream=0", "CSeq: 3", "Transport: RTP/AVP/TCP;unicast;interleaved=0-1");
      assertThat(ok.status()).isEqualTo(200);
    }
  }

  @Test
  void twoTracksOfASessionCannotShareAChannel() throws Exception {
    try (RawRtsp c = new RawRtsp(proxy.port())) {
      assertThat(c.request("DESCRIBE", vod(), "CSeq: 1").status()).isEqualTo(200);
      RawRtsp.Reply first = c.request("SETUP", vod() + "/stream=0", "CSeq: 2", "Transport: RTP/AVP/TCP;unicast;interleaved=0-1");
      assertThat(first.status()).isEqualTo(200);
      String session = "Session: " + first.header("Session").split(";")[0];
      RawRtsp.Reply clash =
          c.request("SETUP", vod() + "/stream=1", "CSeq: 3", session, "Transport: RTP/AVP/TCP;unicast;interleaved=0-1");
      assertThat(clash.status()).isEqualTo(461);
      assertThat(clash.reason()).contains("already used by track 0");
      RawRtsp.Reply other =
          c.request("SETUP", vod() + "/stream=1", "CSeq: 4", session, "Transport: RTP/AVP/TCP;unicast;interleaved=2-3");
      assertThat(other.status()).isEqualTo(200);
    }
  }
}
