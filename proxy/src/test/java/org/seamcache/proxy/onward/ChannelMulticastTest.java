package org.seamcache.proxy.onward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChannelMulticastTest {
  @Test
  void eachOffsetHasItsGroupAndEachTrackItsPortPair() {
    ChannelMulticast m = ChannelMulticast.parse("film15", "0@239.1.2.3:5000, 15m@239.1.2.4:5000", 16);
    assertThat(m.ttl()).isEqualTo(16);
    assertThat(m.groups().keySet()).containsExactly("0", "15m");
    MulticastGroup g = m.groupOf("15m").orElseThrow();
    assertThat(g.format()).isEqualTo("239.1.2.4:5000");
    assertThat(g.rtp(0)).isEqualTo(new InetSocketAddress("239.1.2.4", 5000));
    assertThat(g.rtcp(0)).isEqualTo(new InetSocketAddress("239.1.2.4", 5001));
    assertThat(g.rtp(1)).isEqualTo(new InetSocketAddress("239.1.2.4", 5002));
    assertThat(g.rtcp(1)).isEqualTo(new InetSocketAddress("239.1.2.4", 5003));
    assertThat(m.groupOf("30m")).isEmpty();
    assertThat(MulticastGroup.parse("[ff15::1]:6000").format()).isEqualTo("[ff15:0:0:0:0:0:0:1]:6000");
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "15m 239.1.2.3:5000;channel f.multicast: '15m 239.1.2.3:5000' must be OFFSET@GROUP:PORT, e.g. 15m@239.1.2.3:5000",
      "15m@10.0.0.1:5000;channel f.multicast: 10.0.0.1 is not a multicast address (224.0.0.0/4 or ff00::/8)",
      "15m@239.1.2.3:5001;channel f.multicast: multicast port 5001 must be even and 1024-65534 (RTP on it, RTCP on the next)",
      "15m@239.1.2.3;channel f.multicast: multicast group '239.1.2.3' must be GROUP:PORT, e.g. 239.1.2.3:5000",
      "15m@group.example.net:5000;channel f.multicast: multicast group 'group.example.net:5000' must be a literal address, not a name",
      "15m@239.1.2.3:5000,15m@239.1.2.4:5000;channel f.multicast names offset 15m twice",
      "0@239.1.2.3:5000,15m@239.1.2.3:5000;channel f.multicast sends offsets 0 and 15m to the same 239.1.2.3:5000 (give each its own group)",
      "soon@239.1.2.3:5000;channel offset 'soon' must be a whole number with s, m or h (or none: seconds), e.g. 0, 90s, 15m, 2h"})
  void aWrongValueIsNamedWithWhatIsWrong(String value, String message) {
    assertThatThrownBy(() -> ChannelMulticast.parse("f", value, 1)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }

  @Test
  void theTtlIsOneTo255AndOneWhenNotSaid() {
    assertThat(ChannelMulticast.NONE.ttl()).isEqualTo(1);
    assertThatThrownBy(() -> ChannelMulticast.parse("f", "0@239.1.2.3:5000", 0)).hasMessage("multicast-ttl must be 1-255, got 0");
    assertThatThrownBy(() -> ChannelMulticast.parse("f", "0@239.1.2.3:5000", 256)).hasMessage("multicast-ttl must be 1-255, got 256");
  }

  @Test
  void aChannelSendsOnlyOffsetsItHas() {
    ChannelSpec c = ChannelSpec.parse("film15", "rtsp://origin/film@0,15m");
    assertThat(c.withMulticast(ChannelMulticast.parse("film15", "15m@239.1.2.3:5000", 1)).multicast().groupOf("15m")).isPresent();
    assertThatThrownBy(() -> c.withMulticast(ChannelMulticast.parse("film15", "30m@239.1.2.3:5000", 1)))
        .hasMessage("channel film15.multicast names offset 30m, which the channel does not have");
    // offsets the origin names are not known before it names them: checked then
    ChannelSpec fromOrigin = ChannelSpec.parse("nvod", "rtsp://origin/film@sdp:x-offsets");
    assertThat(fromOrigin.withMulticast(ChannelMulticast.parse("nvod", "30m@239.1.2.3:5000", 1)).multicast().isEmpty()).isFalse();
  }
}
