package org.seamcache.proxy.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TitleHoldingTest {
  private static final NodeInfo NODE = new NodeInfo("edge-2", URI.create("rtsp://edge-2:8554"), "rack=3");

  @Test
  void anEntryReadsBackAsWrittenAndEqualFieldsGiveEqualBytes() {
    TitleHolding h = new TitleHolding("rtsp://origin:554/a b=c#x", NODE, false, "2 gaps: 1.0-1.5 s, 9.0-9.2 s", 123_456, 1_800_000);
    assertThat(TitleHolding.decode(h.encode())).isEqualTo(h);
    assertThat(h.encode()).isEqualTo(new TitleHolding(h.key(), NODE, false, h.gaps(), 123_456, 1_800_000).encode());
    assertThat(NodeInfo.decode(NODE.encode())).isEqualTo(NODE);
  }

  @Test
  void aCopyBeingRecordedIsPublishedAsRecordingAndNeverAsComplete() {
    TitleHolding r = new TitleHolding("rtsp://origin:554/new.mp4", NODE, false, "", 0, 1_800_000, true);
    assertThat(r.state()).isEqualTo("recording");
    assertThat(new String(r.encode(), StandardCharsets.UTF_8)).contains("state=recording");
    assertThat(TitleHolding.decode(r.encode())).isEqualTo(r);
    assertThat(TitleHolding.decode(new TitleHolding(r.key(), NODE, false, "1 gap", 9, 0).encode()).recording()).isFalse();
    assertThatThrownBy(() -> new TitleHolding(r.key(), NODE, true, "", 9, 0, true)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a copy being recorded is not complete yet");
  }

  @Test
  void anEntryWithoutItsKeyOrWithABadNumberIsRefusedWithTheReason() {
    assertThatThrownBy(() -> TitleHolding.decode("node=a\nurl=rtsp\\://a\n".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("registry entry without 'key'");
    assertThatThrownBy(() -> TitleHolding.decode("key=k\nnode=a\nurl=rtsp\\://a\nsize=lots\n".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("registry entry with a bad number");
  }

  @Test
  void keysOfAnyLengthMapToOneDirectoryNameZooKeeperAccepts() {
    assertThat(RegistryPaths.titleHolders("rtsp://origin:554/" + "x/".repeat(500))).matches("/seamcache/titles/[0-9a-f]{32}");
    assertThat(RegistryPaths.hash("rtsp://o/a")).isNotEqualTo(RegistryPaths.hash("rtsp://o/b"));
  }
}
