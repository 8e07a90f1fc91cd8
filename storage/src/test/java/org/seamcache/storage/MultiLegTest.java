package org.seamcache.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seamcache.seamer.GapMap;

/** Legs of one content with different sequence bases are merged by payload hash in the track's result. */
class MultiLegTest {

  @TempDir Path dir;
  final FakeClock clock = new FakeClock(TestMedia.T0_MILLIS);

  @Test
  void mergesAlignedLegsAndKeepsForeignOnesApart() throws Exception {
    ContentDescriptor content = TestMedia.content("rtsp://origin/legs");
    Set<Long> lostOnLeg0 = Set.of(10L, 11L, 12L, 60L, 61L);
    Set<Long> lostOnLeg1 = Set.of(11L, 12L, 13L, 90L);
    try (Storage storage = Storage.open(TestMedia.config(dir, clock))) {
      Recording r = storage.startRecording(content);
      for (long n = 0; n < 100; n++) {
        if (!lostOnLeg0.contains(n)) {
          TestMedia.offer(r, 0, 0, n, 1_000, n, 300);
        }
        if (!lostOnLeg1.contains(n)) {
          TestMedia.offer(r, 0, 1, n, 50_000, n, 300);
        }
        // Leg 2 carries other payloads (a separate encoder): never merged.
        TestMedia.offer(r, 0, 2, n, 9, n + 1_000_000, 300);
      }
      r.finish(true);
      r.whenFinished().get(10, TimeUnit.SECONDS);

      ContentInfo info = storage.catalog().get(content.id()).orElseThrow();
      TrackSummary video = info.trackSummaries().get(0);
      assertThat(video.referenceLeg()).isEqualTo(2); // most packets: it lost none
      // Leg 2's payloads match nobody, legs 0 and 1 cannot be aligned to it.
      assertThat(video.unalignedLegs()).containsExactlyInAnyOrder(0, 1);

      LegSummary leg0 = info.legSummaries().stream().filter(l -> l.leg() == 0).findFirst().orElseThrow();
      assertThat(leg0.gaps()).containsExactly(new GapMap.Range(1_010, 1_012), new GapMap.Range(1_060, 1_061));
      assertThat(leg0.missing()).isEqualTo(5);
      LegSummary leg1 = info.legSummaries().stream().filter(l -> l.leg() == 1).findFirst().orElseThrow();
      assertThat(leg1.lossRatio()).isEqualTo(4.0 / 100);
    }
  }

  @Test
  void resultOfTwoLossyLegsHasOnlyTheCommonLosses() throws Exception {
    ContentDescriptor content = TestMedia.content("rtsp://origin/seam");
    Set<Long> lostOnLeg0 = Set.of(10L, 11L, 12L, 60L, 61L);
    Set<Long> lostOnLeg1 = Set.of(11L, 12L, 13L, 90L);
    try (Storage storage = Storage.open(TestMedia.config(dir, clock))) {
      Recording r = storage.startRecording(content);
      for (long n = 0; n < 100; n++) {
        if (!lostOnLeg0.contains(n)) {
          TestMedia.offer(r, 0, 0, n, 1_000, n, 300);
        }
        if (!lostOnLeg1.contains(n)) {
          TestMedia.offer(r, 0, 1, n, 50_000, n, 300);
        }
      }
      r.finish(true);
      r.whenFinished().get(10, TimeUnit.SECONDS);
      TrackSummary video = storage.catalog().get(content.id()).orElseThrow().trackSummaries().get(0);
      assertThat(video.referenceLeg()).isEqualTo(1); // 96 distinct packets against 95
      assertThat(video.alignedLegs()).containsExactly(new TrackSummary.LegOffset(0, 49_000, 49_000 * 7));
      assertThat(video.gaps()).containsExactly(new GapMap.Range(50_011, 50_012));
      assertThat(video.missing()).isEqualTo(2);
    }
    // The summary survives a reopen byte for byte.
    TrackSummary reread = DataDirectory.open(dir).catalog().get(content.id()).orElseThrow().trackSummaries().get(0);
    assertThat(reread.alignedLegs()).containsExactly(new TrackSummary.LegOffset(0, 49_000, 49_000 * 7));
    assertThat(reread.gaps()).containsExactly(new GapMap.Range(50_011, 50_012));
  }

  @Test
  void aSecondRunAppendsWithNewLegIds() throws Exception {
    ContentDescriptor content = TestMedia.content("rtsp://origin/again");
    try (Storage storage = Storage.open(TestMedia.config(dir, clock))) {
      Recording first = storage.startRecording(content);
      for (long n = 0; n < 50; n++) {
        TestMedia.offer(first, 0, 0, n, 100, n, 200);
      }
      first.finish(true);
      first.whenFinished().get(10, TimeUnit.SECONDS);
      Recording second = storage.startRecording(content);
      assertThat(second.storedLegId(0)).isEqualTo(1);
      for (long n = 40; n < 100; n++) {
        TestMedia.offer(second, 0, 0, 1_000 + n, 7_000, n, 200);
      }
      second.finish(true);
      second.whenFinished().get(10, TimeUnit.SECONDS);
      ContentInfo info = storage.catalog().get(content.id()).orElseThrow();
      assertThat(info.state()).as("%s %s %s", info.stopReason(), info.stopDetail(), info.damage())
          .isEqualTo(ContentState.COMPLETE);
      assertThat(info.packets()).isEqualTo(110);
      assertThat(info.legSummaries()).extracting(LegSummary::leg).containsExactly(0, 1);
      TrackSummary video = info.trackSummaries().get(0);
      assertThat(video.referenceLeg()).isEqualTo(1);
      assertThat(video.received()).isEqualTo(100);
      assertThat(video.gaps()).isEmpty();
    }
  }
}
