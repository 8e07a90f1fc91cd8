package org.seamcache.proxy.onward;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.seamcache.proxy.rtsp.Sdp;

class MulticastSdpTest {
  private static final String SOURCE = String.join("\r\n",
      "v=0", "o=- 1 1 IN IP4 192.0.2.1", "s=Session streamed with GStreamer", "c=IN IP4 0.0.0.0", "t=0 0", "a=control:*",
      "a=range:npt=0-20", "m=video 0 RTP/AVP 96", "c=IN IP4 0.0.0.0", "b=AS:800", "a=rtpmap:96 H264/90000",
      "a=fmtp:96 packetization-mode=1;sprop-parameter-sets=Z0LAHtkA,aMuDyyA=", "a=control:stream=0",
      "m=audio 0 RTP/AVP 97", "a=rtpmap:97 MPEG4-GENERIC/48000/2", "a=fmtp:97 streamtype=5;mode=AAC-hbr", "a=control:stream=1", "");

  @Test
  void namesTheGroupAndEachTracksPortAndKeepsTheMediaLines() throws Exception {
    String sdp = MulticastSdp.of(Sdp.parse(SOURCE), MulticastGroup.parse("239.1.2.3:5000"), 4, "film15/15m", 1_796_000_000L);
    assertThat(sdp).isEqualTo(String.join("\r\n",
        "v=0", "o=- 1796000000 1 IN IP4 0.0.0.0", "s=film15/15m", "c=IN IP4 239.1.2.3/4", "t=0 0", "a=tool:seamcache", "a=type:broadcast",
        "a=recvonly", "m=video 5000 RTP/AVP 96", "b=AS:800", "a=rtpmap:96 H264/90000",
        "a=fmtp:96 packetization-mode=1;sprop-parameter-sets=Z0LAHtkA,aMuDyyA=",
        "m=audio 5002 RTP/AVP 97", "a=rtpmap:97 MPEG4-GENERIC/48000/2", "a=fmtp:97 streamtype=5;mode=AAC-hbr", ""));
    assertThat(Sdp.parse(sdp).media()).hasSize(2);
  }

  @Test
  void anIpv6GroupHasNoTtlInItsConnectionLine() throws Exception {
    String sdp = MulticastSdp.of(Sdp.parse(SOURCE), MulticastGroup.parse("[ff15::1]:6000"), 4, "x/0", 1);
    assertThat(sdp).contains("c=IN IP6 ff15:0:0:0:0:0:0:1\r\n").contains("o=- 1 1 IN IP6 ::\r\n");
  }
}
