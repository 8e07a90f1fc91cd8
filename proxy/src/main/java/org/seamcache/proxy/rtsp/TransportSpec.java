package org.seamcache.proxy.rtsp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One alternative of a Transport header (RFC 2326 §12.39), e.g.
 * {@code RTP/AVP;unicast;client_port=31838-31839;server_port=50002-50003;ssrc=E85DEF80;mode="PLAY"}.
 *
 * <pre>
 * transport-spec = transport-protocol/profile[/lower-transport] *parameter
 * parameter      = ( "unicast" | "multicast" ) | ";destination" [ "=" address ] | ";interleaved=" channel [ "-" channel ]
 *                | ";ttl=" ttl | ";client_port=" port [ "-" port ] | ";server_port=" port [ "-" port ]
 *                | ";ssrc=" 8*8(HEX) | ";mode=" &lt;"&gt; 1#mode &lt;"&gt; | ...
 * </pre>
 *
 * <p>Only {@code RTP/<profile>} over UDP or TCP is accepted (anything else is 461 Unsupported Transport).
 * {@code RTP/AVP/UDP} is the same as {@code RTP/AVP} and formats as the latter. Parameters we do not interpret
 * are kept in {@link #otherParams()}, in order, and formatted after the known ones, which come in a fixed order;
 * so formatting is canonical and a canonical value round-trips exactly. Immutable.
 */
public record TransportSpec(
    String profile,
    LowerTransport lowerTransport,
    Optional<Delivery> delivery,
    Optional<String> destination,
    Optional<String> source,
    Optional<InterleavedChannels> interleaved,
    OptionalInt ttl,
    Optional<PortRange> clientPort,
    Optional<PortRange> serverPort,
    OptionalLong ssrc,
    Optional<String> mode,
    List<HeaderParam> otherParams) {

  /** The protocol under RTP: UDP datagrams or {@code $}-framed on the RTSP TCP connection. */
  public enum LowerTransport {
    UDP,
    TCP
  }

  /** {@code unicast} or {@code multicast}. RFC 2326 makes multicast the default when absent; clients always say. */
  public enum Delivery {
    UNICAST,
    MULTICAST
  }

  public static final String RTP_AVP = "RTP/AVP";
  private static final String H = "Transport";

  public TransportSpec {
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(lowerTransport, "lowerTransport");
    Objects.requireNonNull(delivery, "delivery");
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(interleaved, "interleaved");
    Objects.requireNonNull(ttl, "ttl");
    Objects.requireNonNull(clientPort, "clientPort");
    Objects.requireNonNull(serverPort, "serverPort");
    Objects.requireNonNull(ssrc, "ssrc");
    Objects.requireNonNull(mode, "mode");
    otherParams = List.copyOf(otherParams);
    if (!profile.startsWith("RTP/")) {
      throw new IllegalArgumentException("profile must be RTP/<profile>, got " + profile);
    }
    if (ssrc.isPresent() && (ssrc.getAsLong() < 0 || ssrc.getAsLong() > 0xFFFF_FFFFL)) {
      throw new IllegalArgumentException("ssrc " + ssrc.getAsLong() + " is not a 32-bit unsigned value");
    }
    if (ttl.isPresent() && (ttl.getAsInt() < 0 || ttl.getAsInt() > 255)) {
      throw new IllegalArgumentException("ttl " + ttl.getAsInt() + " is not 0-255");
    }
  }

  /** {@code RTP/AVP;unicast;client_port=a-b}: what a client asks for over UDP. */
  public static TransportSpec udpUnicast(PortRange clientPort) {
    return new TransportSpec(RTP_AVP, LowerTransport.UDP, Optional.of(Delivery.UNICAST), Optional.empty(),
        Optional.empty(), Optional.empty(), OptionalInt.empty(), Optional.of(clientPort), Optional.empty(),
        OptionalLong.empty(), Optional.empty(), List.of());
  }

  /** {@code RTP/AVP/TCP;unicast;interleaved=a-b}: what a client asks for over the RTSP connection. */
  public static TransportSpec tcpInterleaved(InterleavedChannels channels) {
    return new TransportSpec(RTP_AVP, LowerTransport.TCP, Optional.of(Delivery.UNICAST), Optional.empty(),
        Optional.empty(), Optional.of(channels), OptionalInt.empty(), Optional.empty(), Optional.empty(),
        OptionalLong.empty(), Optional.empty(), List.of());
  }

  /**
   * {@code RTP/AVP;multicast;destination=G;ttl=T;port=p-q}: what the proxy answers a viewer that asked
   * to join a group it sends to (RFC 2326 §12.39: the group, its TTL and the RTP/RTCP port pair).
   */
  public static TransportSpec udpMulticast(String destination, PortRange port, int ttl) {
    return new TransportSpec(RTP_AVP, LowerTransport.UDP, Optional.of(Delivery.MULTICAST), Optional.of(destination),
        Optional.empty(), Optional.empty(), OptionalInt.of(ttl), Optional.empty(), Optional.empty(),
        OptionalLong.empty(), Optional.empty(), List.of(HeaderParam.of("port", port.format())));
  }

  public TransportSpec withClientPort(PortRange ports) {
    return new TransportSpec(profile, lowerTransport, delivery, destination, source, interleaved, ttl,
        Optional.of(ports), serverPort, ssrc, mode, otherParams);
  }

  public TransportSpec withServerPort(PortRange ports) {
    return new TransportSpec(profile, lowerTransport, delivery, destination, source, interleaved, ttl,
        clientPort, Optional.of(ports), ssrc, mode, otherParams);
  }

  public TransportSpec withInterleaved(InterleavedChannels channels) {
    return new TransportSpec(profile, lowerTransport, delivery, destination, source, Optional.of(channels), ttl,
        clientPort, serverPort, ssrc, mode, otherParams);
  }

  public TransportSpec withSsrc(long newSsrc) {
    return new TransportSpec(profile, lowerTransport, delivery, destination, source, interleaved, ttl,
        clientPort, serverPort, OptionalLong.of(newSsrc), mode, otherParams);
  }

  public TransportSpec withoutSsrc() {
    return new TransportSpec(profile, lowerTransport, delivery, destination, source, interleaved, ttl,
        clientPort, serverPort, OptionalLong.empty(), mode, otherParams);
  }

  public TransportSpec withMode(String newMode) {
    return new TransportSpec(profile, lowerTransport, delivery, destination, source, interleaved, ttl,
        clientPort, serverPort, ssrc, Optional.of(newMode), otherParams);
  }

  /** The same spec without {@code destination} and {@code source}, which name hosts of the other leg. */
  public TransportSpec withoutAddresses() {
    return new TransportSpec(profile, lowerTransport, delivery, Optional.empty(), Optional.empty(), interleaved,
        ttl, clientPort, serverPort, ssrc, mode, otherParams);
  }

  public boolean isTcp() {
    return lowerTransport == LowerTransport.TCP;
  }

  public boolean isMulticast() {
    return delivery.orElse(Delivery.UNICAST) == Delivery.MULTICAST;
  }

  /** Parses one transport-spec (no commas outside quotes). */
  public static TransportSpec parse(String text) throws RtspHeaderException {
    QuotedText.rejectControlChars(H, text);
    List<String> parts = QuotedText.split(H, text, ';');
    String id = parts.get(0);
    String[] ids = id.split("/", -1);
    if (ids.length < 2 || ids.length > 3 || ids[0].isEmpty() || ids[1].isEmpty()) {
      throw RtspHeaderException.badRequest(
          H + ": transport-spec must start with transport-protocol/profile[/lower-transport], got '" + id + "'");
    }
    if (!ids[0].equalsIgnoreCase("RTP")) {
      throw RtspHeaderException.unsupportedTransport(H + ": transport-protocol must be RTP, got '" + id + "'");
    }
    String profile = "RTP/" + ids[1].toUpperCase(Locale.ROOT);
    LowerTransport lower = LowerTransport.UDP;
    if (ids.length == 3) {
      String l = ids[2].toUpperCase(Locale.ROOT);
      if (!l.equals("UDP") && !l.equals("TCP")) {
        throw RtspHeaderException.unsupportedTransport(
            H + ": lower-transport must be UDP or TCP, got '" + ids[2] + "'");
      }
      lower = LowerTransport.valueOf(l);
    }
    Fields f = new Fields();
    for (int i = 1; i < parts.size(); i++) {
      if (!parts.get(i).isEmpty()) {
        f.accept(HeaderParam.parse(H, parts.get(i)));
      }
    }
    return new TransportSpec(profile, lower, f.delivery, f.destination, f.source, f.interleaved, f.ttl,
        f.clientPort, f.serverPort, f.ssrc, f.mode, f.others);
  }

  /** The canonical form: known parameters in a fixed order, then the others as received. */
  public String format() {
    StringBuilder sb = new StringBuilder(profile);
    if (lowerTransport == LowerTransport.TCP) {
      sb.append("/TCP");
    }
    delivery.ifPresent(d -> sb.append(d == Delivery.UNICAST ? ";unicast" : ";multicast"));
    destination.ifPresent(d -> sb.append(";destination=").append(d));
    source.ifPresent(s -> sb.append(";source=").append(s));
    interleaved.ifPresent(c -> sb.append(";interleaved=").append(c.format()));
    ttl.ifPresent(t -> sb.append(";ttl=").append(t));
    clientPort.ifPresent(p -> sb.append(";client_port=").append(p.format()));
    serverPort.ifPresent(p -> sb.append(";server_port=").append(p.format()));
    ssrc.ifPresent(s -> sb.append(";ssrc=").append(String.format(Locale.ROOT, "%08X", s)));
    mode.ifPresent(m -> sb.append(";mode=").append(QuotedText.quote(m)));
    for (HeaderParam p : otherParams) {
      sb.append(';').append(p.format());
    }
    return sb.toString();
  }

  private static boolean isAsciiHex(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /** Accumulates parameters while parsing, rejecting duplicates. */
  private static final class Fields {
    Optional<Delivery> delivery = Optional.empty();
    Optional<String> destination = Optional.empty();
    Optional<String> source = Optional.empty();
    Optional<InterleavedChannels> interleaved = Optional.empty();
    OptionalInt ttl = OptionalInt.empty();
    Optional<PortRange> clientPort = Optional.empty();
    Optional<PortRange> serverPort = Optional.empty();
    OptionalLong ssrc = OptionalLong.empty();
    Optional<String> mode = Optional.empty();
    final List<HeaderParam> others = new ArrayList<>();

    void accept(HeaderParam p) throws RtspHeaderException {
      String name = p.name().toLowerCase(Locale.ROOT);
      switch (name) {
        case "unicast", "multicast" -> {
          if (p.value().isPresent()) {
            throw RtspHeaderException.badRequest(H + ": " + name + " takes no value, got '" + p.format() + "'");
          }
          if (delivery.isPresent()) {
            throw RtspHeaderException.badRequest(H + ": unicast/multicast may appear only once");
          }
          delivery = Optional.of(name.equals("unicast") ? Delivery.UNICAST : Delivery.MULTICAST);
        }
        case "destination" -> {
          checkOnce(destination.isPresent(), name);
          destination = Optional.of(required(p, name));
        }
        case "source" -> {
          checkOnce(source.isPresent(), name);
          source = Optional.of(required(p, name));
        }
        case "interleaved" -> {
          checkOnce(interleaved.isPresent(), name);
          interleaved = Optional.of(InterleavedChannels.parse(H, required(p, name)));
        }
        case "client_port" -> {
          checkOnce(clientPort.isPresent(), name);
          clientPort = Optional.of(PortRange.parse(H, name, required(p, name)));
        }
        case "server_port" -> {
          checkOnce(serverPort.isPresent(), name);
          serverPort = Optional.of(PortRange.parse(H, name, required(p, name)));
        }
        case "ttl" -> {
          checkOnce(ttl.isPresent(), name);
          String v = required(p, name);
          int t = NumberPair.parseBounded(v, 255);
          if (t < 0) {
            throw RtspHeaderException.badRequest(H + ": ttl must be an integer 0-255, got '" + v + "'");
          }
          ttl = OptionalInt.of(t);
        }
        case "ssrc" -> {
          checkOnce(ssrc.isPresent(), name);
          String v = required(p, name);
          if (v.length() > 8 || !v.chars().allMatch(TransportSpec::isAsciiHex)) {
            throw RtspHeaderException.badRequest(H + ": ssrc must be 1 to 8 hex digits, got '" + v + "'");
          }
          ssrc = OptionalLong.of(Long.parseLong(v, 16));
        }
        case "mode" -> {
          checkOnce(mode.isPresent(), name);
          String m = QuotedText.unquote(required(p, name));
          if (m.isEmpty()) {
            throw RtspHeaderException.badRequest(H + ": mode must not be empty");
          }
          mode = Optional.of(m);
        }
        default -> others.add(p);
      }
    }

    private static String required(HeaderParam p, String name) throws RtspHeaderException {
      if (p.value().isEmpty() || p.value().get().isEmpty()) {
        throw RtspHeaderException.badRequest(H + ": " + name + " needs a value");
      }
      return p.value().get();
    }

    private static void checkOnce(boolean alreadySeen, String name) throws RtspHeaderException {
      if (alreadySeen) {
        throw RtspHeaderException.badRequest(H + ": parameter " + name + " may appear only once");
      }
    }
  }
}
