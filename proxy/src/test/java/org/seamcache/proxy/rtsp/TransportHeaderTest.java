package org.seamcache.proxy.rtsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.seamcache.proxy.rtsp.TransportSpec.Delivery;
import org.seamcache.proxy.rtsp.TransportSpec.LowerTransport;

class TransportHeaderTest {

  /** {@code wire} parses to {@code value}; {@code value} formats to {@code canonical} (null: same as wire). */
  record Case(String name, String wire, TransportHeader value, String canonical) {
    String expectedFormat() {
      return canonical == null ? wire : canonical;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  record ErrorCase(String wire, int status, String message) {
    @Override
    public String toString() {
      return wire;
    }
  }

  private static final Optional<Delivery> UNICAST = Optional.of(Delivery.UNICAST);

  private static TransportSpec spec(
      LowerTransport lower,
      Optional<Delivery> delivery,
      Optional<InterleavedChannels> interleaved,
      Optional<PortRange> client,
      Optional<PortRange> server,
      OptionalLong ssrc,
      Optional<String> mode,
      HeaderParam... others) {
    return new TransportSpec("RTP/AVP", lower, delivery, Optional.empty(), Optional.empty(), interleaved,
        OptionalInt.empty(), client, server, ssrc, mode, List.of(others));
  }

  private static Optional<PortRange> ports(int first, int last) {
    return Optional.of(new PortRange(first, last));
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("ffmpeg UDP request", "RTP/AVP/UDP;unicast;client_port=31838-31839",
            TransportHeader.of(TransportSpec.udpUnicast(new PortRange(31838, 31839))),
            "RTP/AVP;unicast;client_port=31838-31839"),
        new Case("GStreamer rtspsrc UDP request", "RTP/AVP;unicast;client_port=58598-58599",
            TransportHeader.of(TransportSpec.udpUnicast(new PortRange(58598, 58599))), null),
        new Case("GStreamer server UDP reply",
            "RTP/AVP;unicast;client_port=31838-31839;server_port=50002-50003;ssrc=E85DEF80;mode=\"PLAY\"",
            TransportHeader.of(spec(LowerTransport.UDP, UNICAST, Optional.empty(), ports(31838, 31839),
                ports(50002, 50003), OptionalLong.of(0xE85DEF80L), Optional.of("PLAY"))), null),
        new Case("TCP interleaved request (ffmpeg and rtspsrc)", "RTP/AVP/TCP;unicast;interleaved=0-1",
            TransportHeader.of(TransportSpec.tcpInterleaved(new InterleavedChannels(0, 1))), null),
        new Case("GStreamer server TCP reply", "RTP/AVP/TCP;unicast;interleaved=2-3;ssrc=0000BEEF;mode=\"PLAY\"",
            TransportHeader.of(spec(LowerTransport.TCP, UNICAST, Optional.of(new InterleavedChannels(2, 3)),
                Optional.empty(), Optional.empty(), OptionalLong.of(0xBEEF), Optional.of("PLAY"))), null),
        new Case("ffmpeg multicast request", "RTP/AVP;multicast",
            TransportHeader.of(spec(LowerTransport.UDP, Optional.of(Delivery.MULTICAST), Optional.empty(),
                Optional.empty(), Optional.empty(), OptionalLong.empty(), Optional.empty())), null),
        new Case("ffmpeg record, mode unquoted and lower case, short ssrc",
            "RTP/AVP/UDP;unicast;client_port=5000;mode=record;ssrc=1a",
            TransportHeader.of(spec(LowerTransport.UDP, UNICAST, Optional.empty(), ports(5000, 5000),
                Optional.empty(), OptionalLong.of(0x1A), Optional.of("record"))),
            "RTP/AVP;unicast;client_port=5000;ssrc=0000001A;mode=\"record\""),
        new Case("live555 reply with addresses, unknown parameters kept in order",
            "RTP/AVP;unicast;destination=127.0.0.1;source=10.0.0.5;client_port=6970-6971;server_port=6970-6971"
                + ";x-dummy=1;append",
            TransportHeader.of(new TransportSpec("RTP/AVP", LowerTransport.UDP, UNICAST,
                Optional.of("127.0.0.1"), Optional.of("10.0.0.5"), Optional.empty(), OptionalInt.empty(),
                ports(6970, 6971), ports(6970, 6971), OptionalLong.empty(), Optional.empty(),
                List.of(HeaderParam.of("x-dummy", "1"), HeaderParam.flag("append")))), null),
        new Case("multicast with ttl and port (port kept as unknown)",
            "RTP/AVP;multicast;destination=224.2.0.1;ttl=16;port=5000-5001;mode=\"PLAY\"",
            TransportHeader.of(new TransportSpec("RTP/AVP", LowerTransport.UDP, Optional.of(Delivery.MULTICAST),
                Optional.of("224.2.0.1"), Optional.empty(), Optional.empty(), OptionalInt.of(16),
                Optional.empty(), Optional.empty(), OptionalLong.empty(), Optional.of("PLAY"),
                List.of(HeaderParam.of("port", "5000-5001")))),
            "RTP/AVP;multicast;destination=224.2.0.1;ttl=16;mode=\"PLAY\";port=5000-5001"),
        new Case("alternatives in preference order, RFC 2326 spacing, no delivery given",
            "RTP/AVP/TCP;unicast;interleaved=0-1, RTP/AVP;client_port=5000-5001 ,",
            TransportHeader.of(TransportSpec.tcpInterleaved(new InterleavedChannels(0, 1)),
                spec(LowerTransport.UDP, Optional.empty(), Optional.empty(), ports(5000, 5001), Optional.empty(),
                    OptionalLong.empty(), Optional.empty())),
            "RTP/AVP/TCP;unicast;interleaved=0-1,RTP/AVP;client_port=5000-5001"),
        new Case("case and spaces tolerated, AVPF profile",
            "rtp/avpf/udp; Unicast; CLIENT_PORT=4588-4589",
            TransportHeader.of(new TransportSpec("RTP/AVPF", LowerTransport.UDP, UNICAST, Optional.empty(),
                Optional.empty(), Optional.empty(), OptionalInt.empty(), ports(4588, 4589), Optional.empty(),
                OptionalLong.empty(), Optional.empty(), List.of())),
            "RTP/AVPF;unicast;client_port=4588-4589"));
  }

  static Stream<ErrorCase> errors() {
    return Stream.of(
        new ErrorCase("", 400, "Transport: header must hold at least one transport-spec"),
        new ErrorCase("RTP/AVP;unicast;x=1\r\nX-Injected: 1", 400,
            "Transport: value must not contain control characters such as CR or LF (RFC 2326 §15.1), found 0xd at 19"),
        new ErrorCase(" , ", 400, "Transport: header must hold at least one transport-spec"),
        new ErrorCase("RTP", 400,
            "Transport: transport-spec must start with transport-protocol/profile[/lower-transport], got 'RTP'"),
        new ErrorCase("RTP/AVP/UDP/X;unicast", 400,
            "Transport: transport-spec must start with transport-protocol/profile[/lower-transport], "
                + "got 'RTP/AVP/UDP/X'"),
        new ErrorCase("x-real-rdt/udp;client_port=6970", 461,
            "Transport: transport-protocol must be RTP, got 'x-real-rdt/udp'"),
        new ErrorCase("RTP/AVP/SCTP;unicast", 461, "Transport: lower-transport must be UDP or TCP, got 'SCTP'"),
        new ErrorCase("RTP/AVP;unicast;client_port=5001-5000", 400,
            "Transport: client_port must be port or port-port with 0 <= first <= last <= 65535, got '5001-5000'"),
        new ErrorCase("RTP/AVP;unicast;server_port=70000", 400,
            "Transport: server_port must be port or port-port with 0 <= first <= last <= 65535, got '70000'"),
        new ErrorCase("RTP/AVP;unicast;client_port=a-b", 400,
            "Transport: client_port must be port or port-port with 0 <= first <= last <= 65535, got 'a-b'"),
        new ErrorCase("RTP/AVP;unicast;client_port", 400, "Transport: client_port needs a value"),
        new ErrorCase("RTP/AVP/TCP;interleaved=0-256", 400,
            "Transport: interleaved must be channel or channel-channel with 0 <= first <= last <= 255, "
                + "got '0-256'"),
        new ErrorCase("RTP/AVP;ssrc=123456789", 400, "Transport: ssrc must be 1 to 8 hex digits, got '123456789'"),
        new ErrorCase("RTP/AVP;ssrc=E85DEF8G", 400, "Transport: ssrc must be 1 to 8 hex digits, got 'E85DEF8G'"),
        new ErrorCase("RTP/AVP;ttl=300", 400, "Transport: ttl must be an integer 0-255, got '300'"),
        new ErrorCase("RTP/AVP;unicast;multicast", 400, "Transport: unicast/multicast may appear only once"),
        new ErrorCase("RTP/AVP;unicast=1", 400, "Transport: unicast takes no value, got 'unicast=1'"),
        new ErrorCase("RTP/AVP;client_port=1-2;client_port=3-4", 400,
            "Transport: parameter client_port may appear only once"),
        new ErrorCase("RTP/AVP;mode=\"\"", 400, "Transport: mode must not be empty"),
        new ErrorCase("RTP/AVP;destination=", 400, "Transport: destination needs a value"),
        // fuzz finding (RtspHeaderFuzzTest#transport): the open quote swallowed the parameters formatted after it
        new ErrorCase("RTP/AVP;x=1;destination=22456\"", 400, "Transport: a quoted-string is not closed (RFC 2326 §15.1)"));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void parses(Case c) throws Exception {
    assertThat(TransportHeader.parse(c.wire())).isEqualTo(c.value());
  }

  @ParameterizedTest
  @MethodSource("cases")
  void formats(Case c) {
    assertThat(c.value().format()).isEqualTo(c.expectedFormat());
  }

  @ParameterizedTest
  @MethodSource("cases")
  void canonicalFormRoundTrips(Case c) throws Exception {
    assertThat(TransportHeader.parse(c.expectedFormat())).isEqualTo(c.value());
  }

  @ParameterizedTest
  @MethodSource("errors")
  void rejects(ErrorCase e) {
    assertThatThrownBy(() -> TransportHeader.parse(e.wire()))
        .isInstanceOf(RtspHeaderException.class)
        .hasMessage(e.message())
        .satisfies(t -> assertThat(((RtspHeaderException) t).statusCode()).isEqualTo(e.status()));
  }

  @Test
  void quotedModeMayHoldACommaWithoutSplittingTheHeader() throws Exception {
    TransportHeader h = TransportHeader.parse("RTP/AVP;unicast;mode=\"PLAY,RECORD\",RTP/AVP/TCP;interleaved=4-5");
    assertThat(h.specs()).hasSize(2);
    assertThat(h.first().mode()).contains("PLAY,RECORD");
    assertThat(h.specs().get(1).interleaved()).contains(new InterleavedChannels(4, 5));
  }

  @Test
  void proxyRewritesClientPortsAndServerFields() throws Exception {
    TransportSpec fromViewer = TransportHeader.parse("RTP/AVP/UDP;unicast;client_port=31838-31839").first();
    TransportSpec upstream = fromViewer.withClientPort(PortRange.rtpAndRtcp(40000));
    assertThat(upstream.format()).isEqualTo("RTP/AVP;unicast;client_port=40000-40001");
    TransportSpec reply = fromViewer.withServerPort(PortRange.rtpAndRtcp(41000)).withSsrc(0xFFFF_FFFFL)
        .withMode("PLAY");
    assertThat(reply.format())
        .isEqualTo("RTP/AVP;unicast;client_port=31838-31839;server_port=41000-41001;ssrc=FFFFFFFF;mode=\"PLAY\"");
    assertThat(reply.withoutSsrc().ssrc()).isEmpty();
    assertThat(reply.isTcp()).isFalse();
    assertThat(reply.isMulticast()).isFalse();
  }
}
