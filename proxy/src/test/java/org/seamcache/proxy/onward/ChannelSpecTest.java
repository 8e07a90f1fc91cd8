package org.seamcache.proxy.onward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChannelSpecTest {
  @Test
  void readsTheSourceAndEachOffsetAsWritten() {
    ChannelSpec c = ChannelSpec.parse("film15", "rtsp://origin.example.net/film@0,15m,30m,45m");
    assertThat(c.source()).isEqualTo(URI.create("rtsp://origin.example.net/film"));
    assertThat(c.offsets()).extracting(ChannelOffset::label).containsExactly("0", "15m", "30m", "45m");
    assertThat(c.offset("15m")).map(ChannelOffset::offset).contains(Duration.ofMinutes(15));
    assertThat(c.offset("900")).isEmpty(); // addressed by the label written, not by its value
    assertThat(c.format()).isEqualTo("rtsp://origin.example.net/film@0,15m,30m,45m");
  }

  @Test
  void theOffsetsMayBeTheOriginsSdpAttribute() {
    ChannelSpec c = ChannelSpec.parse("nvod", "rtsp://origin/film@sdp:x-offsets");
    assertThat(c.offsets()).isEmpty();
    assertThat(c.fromOrigin()).isEqualTo(new OriginOffsets(OriginOffsets.Place.SDP, "x-offsets"));
    assertThat(c.format()).isEqualTo("rtsp://origin/film@sdp:x-offsets");
    ChannelSpec h = ChannelSpec.parse("nvod", "rtsp://origin/film@header:X-Offsets");
    assertThat(h.fromOrigin()).isEqualTo(new OriginOffsets(OriginOffsets.Place.HEADER, "X-Offsets"));
    assertThat(h.fromOrigin().read(n -> java.util.Optional.empty(), n -> java.util.Optional.of("0,15m"))).isEqualTo("0,15m");
    assertThatThrownBy(() -> h.fromOrigin().read(n -> java.util.Optional.of("0"), n -> java.util.Optional.empty()))
        .hasMessage("the origin's DESCRIBE answer has no header X-Offsets to give the offsets");
    assertThat(ChannelSpec.offsets("nvod", "0,15m")).extracting(ChannelOffset::label).containsExactly("0", "15m");
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {"0;0", "90s;90", "90;90", "15m;900", "2h;7200"})
  void anOffsetIsSecondsMinutesOrHours(String text, long seconds) {
    assertThat(ChannelOffset.parse(text).offset()).isEqualTo(Duration.ofSeconds(seconds));
  }

  @Test
  void aSourceWithAnAtInItsCredentialsKeepsThemTheOffsetsComeAfterTheLast() {
    ChannelSpec c = ChannelSpec.parse("f", "rtsp://user:p%40ss@origin/film@5m");
    assertThat(c.source().getRawUserInfo()).isEqualTo("user:p%40ss");
    assertThat(c.offsets()).extracting(ChannelOffset::label).containsExactly("5m");
  }

  @Test
  void aBadSourceIsNamedWithoutItsPassword() {
    assertThatThrownBy(() -> ChannelSpec.parse("f", "http://user:secret@origin/film@0")).hasMessageContaining("http://***@origin/film")
        .hasMessageNotContaining("secret");
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "film;rtsp://origin/film;channel film must be URL@OFFSETS",
      "film;rtsp://origin/film@;channel offset '' must be a whole number",
      "film;rtsp://origin/film@-5m;channel offset '-5m' must be a whole number",
      "film;rtsp://origin/film@1d;channel offset '1d' must be a whole number",
      "film;http://origin/film@0;channel film: the source must be an rtsp:// URL",
      "film;rtsp://origin/film@0,0;channel film names offset 0 twice",
      "a/b;rtsp://origin/film@0;channel name 'a/b' must be letters",
      "film;rtsp://origin/film@sdp:;channel film: sdp: names an SDP attribute",
      "film;rtsp://origin/film@header:X Y;channel film: header: names an RTSP header",
  })
  void aBadChannelIsRefusedWithWhatIsWrong(String name, String value, String message) {
    assertThatThrownBy(() -> ChannelSpec.parse(name, value)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
  }
}
