package org.seamcache.proxy.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.seamcache.proxy.rtsp.RtspStatusException;

/**
 * Which origin addresses the proxy connects to with no {@code --allow-origin}. Every address here is
 * a literal, so {@link InetAddress#getByName} parses it and asks no DNS.
 */
class OriginAllowListTest {
  private final OriginAllowList strict = new OriginAllowList(List.of());
  private final OriginAllowList loopbackAllowed = new OriginAllowList(List.of(Cidr.parse("127.0.0.0/8")));

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    // IPv4
    "127.0.0.1, refused",
    "10.1.2.3, refused",
    "172.31.255.255, refused",
    "192.168.1.1, refused",
    "169.254.169.254, refused",
    "100.64.0.1, refused",
    "0.0.0.0, refused",
    "192.0.0.8, refused", // IETF protocol assignments
    "198.18.0.1, refused", // benchmarking
    "198.19.255.255, refused",
    "224.0.0.1, refused",
    "255.255.255.255, refused",
    "172.32.0.1, allowed",
    "198.20.0.1, allowed",
    "192.0.1.1, allowed",
    "93.184.216.34, allowed",
    // IPv6
    "::, refused",
    "::1, refused",
    "fe80::1, refused",
    "fc00::1, refused",
    "fd12:3456::1, refused",
    "fec0::1, refused", // site-local
    "ff02::1, refused",
    "64:ff9b:1::1, refused", // local-use NAT64
    "2606:2800:220:1::1, allowed",
    // IPv6 carrying an IPv4 address: judged by the IPv4 address
    "::127.0.0.1, refused", // IPv4-compatible
    "::10.0.0.1, refused",
    "::8.8.8.8, allowed",
    "::ffff:127.0.0.1, refused", // IPv4-mapped
    "::ffff:0:7f00:1, refused", // IPv4-translated
    "::ffff:0:c0a8:101, refused",
    "::ffff:0:808:808, allowed",
    "64:ff9b::7f00:1, refused", // NAT64
    "64:ff9b::a9fe:a9fe, refused",
    "64:ff9b::808:808, allowed",
    "2002:7f00:1::, refused", // 6to4
    "2002:c0a8:101::1, refused",
    "2002:808:808::1, allowed",
    "2001:0:4136:e378:8000:63bf:80ff:fffe, refused", // Teredo, client 127.0.0.1
    "2001:0:4136:e378:8000:63bf:f7f7:f7f7, allowed", // Teredo, client 8.8.8.8
  })
  void internalAddressesAreRefusedInEveryForm(String literal, String expected) throws Exception {
    assertThat(strict.permits(InetAddress.getByName(literal))).as(literal).isEqualTo(expected.equals("allowed"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "127.0.0.1, allowed",
    "::ffff:0:7f00:1, allowed", // the same loopback address, translated
    "64:ff9b::7f00:1, allowed",
    "::1, refused", // IPv6 loopback is another range
    "10.0.0.1, refused",
    "64:ff9b::a00:1, refused",
  })
  void anAllowedIpv4RangeCoversItsIpv6Forms(String literal, String expected) throws Exception {
    assertThat(loopbackAllowed.permits(InetAddress.getByName(literal))).as(literal).isEqualTo(expected.equals("allowed"));
  }

  @ParameterizedTest(name = "{0} -> ambiguous: {1}")
  @CsvSource({
    "0177.0.0.1, true", // octal to inet_aton, 177.0.0.1 to the JDK
    "127.0.0.01, true",
    "00.0.0.0, true",
    "0x7f.0.0.1, true",
    "0x7f000001, true",
    "127.1, true",
    "2130706433, true",
    "127.0.0.1., true",
    "[::ffff:0177.0.0.1], true",
    "127.0.0.1, false",
    "0.0.0.0, false",
    "8.8.8.8, false",
    "origin.example.com, false",
    "1e100.net, false",
    "cafe.example, false",
    "[::ffff:127.0.0.1], false",
    "[2001:db8::1], false",
  })
  void numericHostsOnlyAsPlainDottedQuads(String host, boolean ambiguous) {
    assertThat(AmbiguousIpv4.is(host)).as(host).isEqualTo(ambiguous);
  }

  @ParameterizedTest
  @CsvSource({"rtsp://10.0.0.1:8554/0177.0.0.1:554/vod", "rtsp://0177.0.0.1/vod", "rtsp://10.0.0.1:8554/2130706433:554/vod"})
  void theResolverRefusesAmbiguousNumericOrigins(String request) {
    OriginResolver resolver = new OriginResolver(Map.of());
    assertThatThrownBy(() -> resolver.resolve(request, "10.0.0.1:8554"))
        .isInstanceOfSatisfying(RtspStatusException.class, e -> assertThat(e.status()).isEqualTo(400))
        .hasMessageContaining("ambiguous");
  }

  @ParameterizedTest
  @CsvSource({"0177.0.0.0/8", "10/8", "127.1"})
  void allowOriginRefusesAmbiguousNetworks(String text) {
    assertThatThrownBy(() -> Cidr.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ambiguous");
  }
}
