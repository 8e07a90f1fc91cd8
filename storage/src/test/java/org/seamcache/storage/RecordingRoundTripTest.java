package org.seamcache.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seamcache.seamer.GapMap;

class RecordingRoundTripTest {

  @TempDir Path dir;
  final FakeClock clock = new FakeClock(TestMedia.T0_MILLIS);

  @Test
  void recordsEveryPacketWithItsMetadataAndReadsItBackInOrder() throws Exception {
    ContentDescriptor content = TestMedia.content("rtsp://origin/a");
    try (Storage storage = Storage.open(TestMedia.config(dir, clock))) {
      Recording r = storage.startRecording(content);
      assertThat(r.stats().running()).isTrue();
      for (int n = 0; n < 300; n++) {
        if (n % 3 == 0) {
          assertThat(TestMedia.offer(r, 1, 0, 1_000L * n + 1, 7, n / 3, 200)).isTrue();
        }
        if (n == 50 || n == 51 || n == 200) {
          continue; // lost upstream
        }
        assertThat(TestMedia.offer(r, 0, 0, 1_000L * n, 40_000, n, 1200)).isTrue();
      }
      byte[] sr = new byte[28];
      sr[0] = (byte) 0x80;
      sr[1] = (byte) 200;
      assertThat(r.offerRtcp(0, 0, 999_999, ByteBuffer.wrap(sr))).isTrue();
      r.finish(true);
      RecorderStats stats = r.whenFinished().get(10, TimeUnit.SECONDS);
      assertThat(stats.recordedPackets()).isEqualTo(297 + 100 + 1);
      assertThat(stats.stopReason()).isEqualTo(StopReason.FINISHED);
      assertThat(stats.failed()).isFalse();

      ContentInfo info = storage.catalog().get(content.id()).orElseThrow();
      // Ended normally, files sound, but the video has gaps no leg filled.
      assertThat(info.state()).isEqualTo(ContentState.PARTIAL);
      assertThat(info.stateDetail()).isEqualTo("track 0 has 2 gap(s), 3 position(s) missing");
      assertThat(info.originUrl()).isEqualTo("rtsp://origin/a");
      assertThat(info.packets()).isEqualTo(397);
      assertThat(info.rtcpPackets()).isEqualTo(1);
      assertThat(info.bytes()).isEqualTo(297L * (12 + 1200) + 100L * (12 + 200));
      TrackSummary video = info.trackSummaries().get(0);
      assertThat(video.gaps()).containsExactly(new GapMap.Range(40_050, 40_051), new GapMap.Range(40_200, 40_200));
      assertThat(video.missing()).isEqualTo(3);
      assertThat(video.rtcpPackets()).isEqualTo(1);
      LegSummary videoLeg = info.legSummaries().stream().filter(l -> l.track() == 0).findFirst().orElseThrow();
      assertThat(videoLeg.lossRatio()).isEqualTo(3.0 / 300);
      assertThat(info.trackSummaries().get(1).gaps()).isEmpty();
      assertThat(info.firstArrivalNanos()).isZero();
      assertThat(info.storedBytes()).isEqualTo(398L * 52 + info.bytes() + sr.length);
      assertThat(info.lastArrivalNanos()).isEqualTo(999_999);

      List<RecordedPacket> read = new ArrayList<>();
      try (RecordingReader reader = storage.openReader(content.id())) {
        while (reader.next()) {
          read.add(reader.current());
        }
      }
      assertThat(read).hasSize(398);
      assertThat(read.get(0).track()).isEqualTo(1);
      RecordedPacket first = read.get(1);
      assertThat(first.kind()).isEqualTo(PacketKind.RTP);
      assertThat(first.track()).isZero();
      assertThat(first.extendedSeq()).isEqualTo(40_000);
      assertThat(first.extendedTimestamp()).isEqualTo(40_000 * 7);
      assertThat(first.payloadType()).isEqualTo(96);
      assertThat(first.payloadHash()).isEqualTo(TestMedia.hash(TestMedia.payload(0, 0, 1200)));
      assertThat(first.packet()).isEqualTo(TestMedia.rtp(96, false, 40_000, 280_000, 0x1000, TestMedia.payload(0, 0, 1200)));
      RecordedPacket tenth = read.stream().filter(p -> p.track() == 0 && p.extendedSeq() == 40_009).findFirst().orElseThrow();
      assertThat(tenth.marker()).isTrue();
      RecordedPacket last = read.get(read.size() - 1);
      assertThat(last.kind()).isEqualTo(PacketKind.RTCP);
      assertThat(last.bytes()).isEqualTo(sr);

      // Random access by index.
      try (RecordingReader reader = storage.openReader(content.id())) {
        RecordedPacket again = reader.read(tenth.index());
        assertThat(again).usingRecursiveComparison().isEqualTo(tenth);
        assertThat(reader.next()).isTrue();
        assertThat(reader.index()).isGreaterThan(tenth.index());
      }
    }
  }

  @Test
  void rollsFilesWithTheInjectedClockAndReadsAcrossThem() throws Exception {
    ContentDescriptor content = TestMedia.videoOnly("rtsp://origin/roll", "");
    try (Storage storage = Storage.open(TestMedia.config(dir, clock))) {
      Recording r = storage.startRecording(content);
      List<ExcerptIndex> marks = new ArrayList<>();
      for (int n = 0; n < 40; n++) {
        TestMedia.offer(r, 0, 0, n, 0, n, 100);
        if (n % 10 == 9) {
          // Let the writer append this second's packets before the clock moves on.
          long target = n + 1;
          org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> r.stats().recordedPackets() == target);
          clock.advanceMillis(1_000);
        }
      }
      r.finish(true);
      r.whenFinished().get(10, TimeUnit.SECONDS);
      try (var files = Files.list(dir.resolve("contents").resolve(content.id()).resolve("queue"))) {
        assertThat(files.filter(f -> f.toString().endsWith(".cq4")).count()).isEqualTo(4);
      }
      try (RecordingReader reader = storage.openReader(content.id())) {
        long seq = 0;
        while (reader.next()) {
          assertThat(reader.extendedSeq()).isEqualTo(seq++);
          if (seq % 10 == 5) {
            marks.add(reader.index());
          }
        }
        assertThat(seq).isEqualTo(40);
        // Random access across files, backwards.
        for (int i = marks.size() - 1; i >= 0; i--) {
          assertThat(reader.read(marks.get(i)).extendedSeq()).isEqualTo(i * 10L + 4);
        }
      }
      assertThat(storage.catalog().get(content.id()).orElseThrow().state()).isEqualTo(ContentState.COMPLETE);
    }
  }
}
