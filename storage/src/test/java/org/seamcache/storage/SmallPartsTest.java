package org.seamcache.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmallPartsTest {

  @TempDir Path dir;

  @Test
  void contentIdIgnoresPerSessionSdpLinesButNotTheMediaOrUrl() {
    ContentDescriptor a = TestMedia.content("rtsp://origin/a");
    String otherSession = a.sdp().replace("o=- 1 1", "o=- 99 7") + "a=ssrc:1234 cname:x\r\n";
    ContentDescriptor sameContent = new ContentDescriptor(a.originUrl(), otherSession, a.tracks());
    assertThat(sameContent.id()).isEqualTo(a.id()).matches("[0-9a-f]{16}");
    assertThat(TestMedia.content("rtsp://origin/b").id()).isNotEqualTo(a.id());
    ContentDescriptor otherMedia = new ContentDescriptor(a.originUrl(), a.sdp().replace("H264/90000", "H265/90000"), a.tracks());
    assertThat(otherMedia.id()).isNotEqualTo(a.id());
  }

  @Test
  void diskSizesParseAsOperatorsWriteThem() {
    assertThat(DiskBytes.parse("20g").bytes()).isEqualTo(20L << 30);
    assertThat(DiskBytes.parse("20GiB").bytes()).isEqualTo(20L << 30);
    assertThat(DiskBytes.parse(" 512m ").bytes()).isEqualTo(512L << 20);
    assertThat(DiskBytes.parse("1.5t").bytes()).isEqualTo(3L << 39);
    assertThat(DiskBytes.parse("4096").bytes()).isEqualTo(4096);
    assertThat(DiskBytes.parse("0").bytes()).isZero();
    for (String bad : List.of("", "g", "-1g", "20x", "twenty", "1e30t")) {
      assertThatThrownBy(() -> DiskBytes.parse(bad)).as(bad).hasMessageContaining("is not a disk size");
    }
  }

  @Test
  void descriptorsAndConfigsRejectBrokenValuesWithTheRuleInTheMessage() {
    assertThatThrownBy(() -> new TrackInfo(0, "c", "video", 128, "H264", 90000)).hasMessageContaining("0..127");
    assertThatThrownBy(() -> new TrackInfo(0, "c", "video", 96, "H264", 0)).hasMessageContaining("clock rate");
    assertThatThrownBy(() -> new ContentDescriptor("u", "", List.of())).hasMessageContaining("no tracks");
    assertThatThrownBy(() -> new ContentDescriptor("u", "", List.of(new TrackInfo(1, "c", "video", 96, "H264", 90000))))
        .hasMessageContaining("SDP order");
    assertThatThrownBy(() -> StorageConfig.defaults(dir).withMaxDiskBytes(-1)).hasMessageContaining("maxDiskBytes");
  }

  @Test
  void queueHandlesAreSharedAndClosedOnEvictionOnlyAfterTheirLastReader() throws Exception {
    FakeClock clock = new FakeClock(TestMedia.T0_MILLIS);
    ContentDescriptor a = TestMedia.content("rtsp://origin/a");
    ContentDescriptor b = TestMedia.content("rtsp://origin/b");
    try (Storage storage = Storage.open(TestMedia.config(dir, clock))) {
      for (ContentDescriptor c : List.of(a, b)) {
        Recording r = storage.startRecording(c);
        TestMedia.offer(r, 0, 0, 0, 0, 0, 10);
        r.finish(true);
        r.whenFinished().get(10, TimeUnit.SECONDS);
      }
    }
    ContentFiles filesA = DataLayout.openExisting(dir).content(a.id());
    ContentFiles filesB = DataLayout.openExisting(dir).content(b.id());
    try (QueueHandles handles = new QueueHandles(1, Duration.ofMinutes(1))) {
      RecordingReader first = handles.open(a.id(), filesA.queueDir(), () -> {});
      RecordingReader second = handles.open(a.id(), filesA.queueDir(), () -> {});
      assertThat(handles.openCount()).isEqualTo(1);
      // Opening b evicts a's handle, but a's readers keep working until they close.
      try (RecordingReader other = handles.open(b.id(), filesB.queueDir(), () -> {})) {
        assertThat(other.next()).isTrue();
      }
      assertThat(handles.openCount()).isEqualTo(1);
      assertThat(first.next()).isTrue();
      first.close();
      assertThat(second.queueClosed()).isFalse();
      assertThat(second.next()).isTrue();
      second.close();
      assertThat(second.queueClosed()).isTrue();
    }
  }

  @Test
  void anInProcessReaderFollowsALiveRecording() throws Exception {
    FakeClock clock = new FakeClock(TestMedia.T0_MILLIS);
    ContentDescriptor content = TestMedia.content("rtsp://origin/live");
    try (Storage storage = Storage.open(TestMedia.config(dir, clock))) {
      Recording r = storage.startRecording(content);
      for (int n = 0; n < 10; n++) {
        TestMedia.offer(r, 0, 0, n, 0, n, 100);
      }
      org.awaitility.Awaitility.await().until(() -> r.stats().recordedPackets() == 10);
      try (RecordingReader reader = storage.openReader(content.id())) {
        int read = 0;
        while (reader.next()) {
          read++;
        }
        assertThat(read).isEqualTo(10);
        ExcerptIndex handOver = reader.index();
        for (int n = 10; n < 20; n++) {
          TestMedia.offer(r, 0, 0, n, 0, n, 100);
        }
        org.awaitility.Awaitility.await().until(() -> r.stats().recordedPackets() == 20);
        assertThat(reader.next()).isTrue();
        assertThat(reader.extendedSeq()).isEqualTo(10);
        assertThat(reader.index()).isGreaterThan(handOver);
        assertThat(storage.catalog().get(content.id()).orElseThrow().state()).isEqualTo(ContentState.RECORDING);
      }
      r.finish(true);
      r.whenFinished().get(10, TimeUnit.SECONDS);
    }
  }
}
