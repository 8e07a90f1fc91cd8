package org.seamcache.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.seamcache.proxy.rtsp.PortRange;
import org.seamcache.proxy.rtsp.RtspStatusException;
import org.seamcache.proxy.rtsp.TransportSpec;

class TransportChoiceTest {
  private static final TransportSpec GROUP = TransportSpec.udpMulticast("239.1.2.3", PortRange.rtpAndRtcp(5002), 1);

  @Test
  void aMulticastAskIsAnsweredWithTheGroupWhereTheContentIsSentToOne() {
    TransportSpec chosen = TransportChoice.choose("RTP/AVP;multicast", 2, GROUP);
    assertThat(chosen.format()).isEqualTo("RTP/AVP;multicast;destination=239.1.2.3;ttl=1;port=5002-5003");
    // a destination the viewer names is not its to choose
    assertThat(TransportChoice.choose("RTP/AVP;multicast;destination=239.9.9.9;port=7000-7001", 2, GROUP)).isEqualTo(GROUP);
    // the viewer's order of preference is kept
    assertThat(TransportChoice.choose("RTP/AVP/TCP;unicast;interleaved=2-3,RTP/AVP;multicast", 2, GROUP).isTcp()).isTrue();
    assertThat(TransportChoice.choose("RTP/AVP;unicast;client_port=6000-6001,RTP/AVP;multicast", 2, GROUP).isMulticast()).isFalse();
  }

  @Test
  void aMulticastAskIsRefusedWhereNoGroupIsSentTo() {
    assertThatThrownBy(() -> TransportChoice.choose("RTP/AVP;multicast", 2, null))
        .isInstanceOfSatisfying(RtspStatusException.class, e -> assertThat(e.status()).isEqualTo(461))
        .hasMessage("multicast delivery is not offered; ask for unicast UDP or TCP-interleaved");
    assertThat(TransportChoice.choose("RTP/AVP;multicast,RTP/AVP/TCP;unicast", 2, null).isTcp()).isTrue();
  }
}
