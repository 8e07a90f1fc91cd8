package org.seamcache.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Viewer tokens minted and checked with a fake clock; the query they travel in. */
class ViewerTokensTest {
  private static final byte[] SECRET = "0123456789abcdef-operator".getBytes(StandardCharsets.US_ASCII);
  private final AtomicLong now = new AtomicLong(1_800_000_000_000L);
  private final ViewerTokens tokens = new ViewerTokens(SECRET, now::get);
  private final long expires = now.get() / 1000 + 3600;

  private static InetAddress ip(String literal) throws Exception {
    return InetAddress.getByName(literal);
  }

  @Test
  void aTokenAdmitsItsPathUntilItExpiresAndNothingElse() throws Exception {
    String t = tokens.mint("/news", expires, null);
    assertThat(t).matches(expires + "-[0-9a-f]{64}");
    InetAddress anyone = ip("192.0.2.7");
    assertThat(tokens.refusal(t, "/news", anyone)).isEmpty();
    assertThat(tokens.refusal(t, "/news/", anyone)).as("a trailing slash is the same path").isEmpty();
    assertThat(tokens.refusal(t, "/sports", anyone)).contains("viewer token is not valid for /sports");
    assertThat(tokens.refusal(t, "/news/extra", anyone)).contains("viewer token is not valid for /news/extra");
    assertThat(tokens.refusal(t.replace(expires + "-", (expires + 86_400) + "-"), "/news", anyone))
        .as("a later expiry written in breaks the signature").contains("viewer token is not valid for /news");
    now.set(expires * 1000);
    assertThat(tokens.refusal(t, "/news", anyone)).contains("viewer token expired");
  }

  @Test
  void aTokenBoundToAnAddressAdmitsOnlyThatAddress() throws Exception {
    String t = tokens.mint("/cam", expires, ip("192.0.2.7"));
    assertThat(t).startsWith(expires + "-192.0.2.7-");
    assertThat(tokens.refusal(t, "/cam", ip("192.0.2.7"))).isEmpty();
    assertThat(tokens.refusal(t, "/cam", ip("192.0.2.8"))).contains("viewer token is for another client address");
    assertThat(tokens.refusal(t.replace("192.0.2.7", "192.0.2.8"), "/cam", ip("192.0.2.8")))
        .as("the address written in is signed").contains("viewer token is not valid for /cam");
    assertThat(tokens.refusal(t.replace("-192.0.2.7", ""), "/cam", ip("192.0.2.8"))).as("nor can it be dropped").isPresent();
    String v6 = tokens.mint("/cam", expires, ip("2001:db8::7"));
    assertThat(tokens.refusal(v6, "/cam", ip("2001:db8:0:0:0:0:0:7"))).isEmpty();
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "''                        | malformed viewer token",
        "abc                       | malformed viewer token",
        "12-34-56-78               | malformed viewer token",
        "soon-0123                 | malformed viewer token",
        "1900000000-0123           | viewer token is not valid for /news",
        "1900000000-example.com-ab | viewer token is not valid for /news",
      })
  void malformedOrForgedTokensAreRefusedWithAReason(String token, String reason) throws Exception {
    assertThat(tokens.refusal(token, "/news", ip("192.0.2.7"))).contains(reason);
  }

  @Test
  void anotherSecretsTokenIsRefusedAndShortSecretsAreNotAccepted(@TempDir Path dir) throws Exception {
    ViewerTokens other = new ViewerTokens("another secret of 16+ bytes".getBytes(StandardCharsets.US_ASCII), now::get);
    assertThat(tokens.refusal(other.mint("/news", expires, null), "/news", ip("192.0.2.7"))).isPresent();
    assertThatThrownBy(() -> new ViewerTokens(new byte[15], now::get)).hasMessageContaining("at least 16 bytes");
    Path file = dir.resolve("secret");
    Files.write(file, "0123456789abcdef-operator\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(ViewerTokens.fromFile(file, now::get)).as("the newline an editor adds is not part of the secret").isEqualTo(tokens);
    assertThat(ViewerTokens.expiresMillis(tokens.mint("/x", expires, null))).isEqualTo(expires * 1000);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "rtsp://p:8554/news?token=T                       | rtsp://p:8554/news                   | T    | /news",
        "rtsp://p:8554/news/?token=T                      | rtsp://p:8554/news/                  | T    | /news",
        "rtsp://p:8554/h.example:554/vod?a=1&token=T&b=2  | rtsp://p:8554/h.example:554/vod?a=1&b=2 | T | /h.example:554/vod",
        "rtsp://p:8554/news?a=1                           | rtsp://p:8554/news?a=1               |      | /news",
        "rtsp://p:8554/news/trackID=0                     | rtsp://p:8554/news/trackID=0         |      | /news/trackID=0",
        "rtsp://p:8554                                    | rtsp://p:8554                        |      | /",
        "*                                                | *                                    |      | *",
        "rtsp://p:8554/news?tokens=x&token=T              | rtsp://p:8554/news?tokens=x          | T    | /news",
      })
  void theTokenIsTakenOutOfTheUriAndTheRestStays(String requestUri, String uri, String token, String path) {
    assertThat(TokenQuery.of(requestUri)).isEqualTo(new TokenQuery(uri, token, path));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "rtsp://origin.example.com:554/live?token=T | /origin.example.com:554/live",
        "rtsp://origin.example.com/live/            | /origin.example.com/live",
        "rtsp://origin.example.com                  | /origin.example.com",
        "rtsp://[2001:db8::1]:554/a?x=1             | /[2001:db8::1]:554/a",
      })
  void aRequestNamingTheOriginSignsTheHostWithThePathAsAUrlPrefixDoes(String requestUri, String path) {
    assertThat(TokenQuery.of(requestUri).inProxyForm().path()).isEqualTo(path);
  }

  @Test
  void aGrantCoversItsPathAndWhatLiesUnderIt() {
    assertThat(TokenQuery.covers("/news", "/news")).isTrue();
    assertThat(TokenQuery.covers("/news", "/news/trackID=0")).isTrue();
    assertThat(TokenQuery.covers("/news", "/newsroom")).isFalse();
    assertThat(TokenQuery.covers("/news", "/")).isFalse();
    assertThat(Optional.of(TokenQuery.covers("/", "/anything"))).contains(true);
  }
}
