package org.seamcache.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seamcache.seamer.GapMap;
import org.seamcache.seamer.LegStatus;

/**
 * Legs of one content are seamed by the seamer's rule (lowest leg id as reference, 8 agreeing unique
 * payload votes, overlap check). Each case is one where the storage's former rule (4 votes and a
 * majority, reference = the leg with most packets) gave another gap map.
 */
class MultiLegTest {

  @TempDir Path dir;
  final FakeClock clock = new FakeClock(TestMedia.T0_MILLIS);

  private ContentInfo finish(Storage storage, Recording r, ContentDescriptor content) throws Exception {
    r.finish(true);
    r.whenFinished().get(10, TimeUnit.SECONDS);
    return storage.catalog().get(content.id()).orElseThrow();
  }

  @Test
  void aForeignLegWithTheMostPacketsIsNotTheReferenceAndFillsNothing() throws Exception {
    ContentDescriptor content = TestMedia.videoOnly("rtsp://origin/legs", "");
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
        // Leg 2 carries other payloads (a separate encoder) and lost nothing. The former rule took
        // it as the reference (most packets), aligned nobody to it and reported 0 gaps.
        TestMedia.offer(r, 0, 2, n, 9, n + 1_000_000, 300);
      }
      ContentInfo info = finish(storage, r, content);
      TrackSummary video = info.trackSummaries().get(0);
      assertThat(video.referenceLeg()).isZero();
      assertThat(video.leg(0).status()).isEqualTo(LegStatus.REFERENCE);
      assertThat(video.leg(1).status()).isEqualTo(LegStatus.ALIGNED);
      assertThat(video.alignedLegs()).containsExactly(new TrackSummary.LegOffset(1, -49_000, -49_000 * 7));
      assertThat(video.leg(2).status()).isEqualTo(LegStatus.NOT_ALIGNABLE);
      assertThat(video.leg(2).contributed()).isZero();
      assertThat(video.unalignedLegs()).containsExactly(2);
      assertThat(video.gaps()).containsExactly(new GapMap.Range(1_011, 1_012));
      assertThat(video.leg(0).contributed() + video.leg(1).contributed()).isEqualTo(98);
      assertThat(video.leg(1).contributed()).isEqualTo(3); // 1010, 1060, 1061
      assertThat(info.state()).isEqualTo(ContentState.PARTIAL);

      LegSummary leg0 = info.legSummaries().stream().filter(l -> l.leg() == 0).findFirst().orElseThrow();
      assertThat(leg0.gaps()).containsExactly(new GapMap.Range(1_010, 1_012), new GapMap.Range(1_060, 1_061));
      LegSummary leg1 = info.legSummaries().stream().filter(l -> l.leg() == 1).findFirst().orElseThrow();
      assertThat(leg1.lossRatio()).isEqualTo(4.0 / 100);
    }
    // The summary survives a reopen.
    TrackSummary reread = DataDirectory.open(dir).catalog().get(content.id()).orElseThrow().trackSummaries().get(0);
    assertThat(reread.alignedLegs()).containsExactly(new TrackSummary.LegOffset(1, -49_000, -49_000 * 7));
    assertThat(reread.unalignedLegs()).containsExactly(2);
    assertThat(reread.gaps()).containsExactly(new GapMap.Range(1_011, 1_012));
  }

  @Test
  void aLegWhoseNumberingJumpedIsAlignedAgainOnEachSideOfTheJump() throws Exception {
    // Leg 1's origin session restarted at content 100: its extender confirmed the jump there and the
    // recording kept that flag with the excerpt. The seam takes the stored numbers as they are and
    // aligns the leg again after the flag, so it fills the reference's losses on both sides.
    ContentDescriptor content = TestMedia.videoOnly("rtsp://origin/restart", "");
    Set<Long> lostOnLeg0 = Set.of(50L, 150L);
    try (Storage storage = Storage.open(TestMedia.config(dir, clock))) {
      Recording r = storage.startRecording(content);
      for (long n = 0; n < 200; n++) {
        byte[] p = TestMedia.payload(0, n, 300);
        if (!lostOnLeg0.contains(n)) {
          TestMedia.offerPayload(r, 0, n, 1_000 + n, 3_000 * n, p);
        }
        long seq = n < 100 ? 30_000 + n : 30_000 + n + 7_000; // the extender went on 7,000 further
        long ts = n < 100 ? 50 + 3_000 * n : 9_000_000 + 3_000 * n;
        r.offerRtp(0, 1, n, seq, ts, false, 96, TestMedia.hash(p), n == 100,
            TestMedia.rtp(96, false, (int) (seq & 0xFFFF), ts & 0xFFFF_FFFFL, 2, p));
      }
      TrackSummary video = finish(storage, r, content).trackSummaries().get(0);
      assertThat(video.leg(1).status()).isEqualTo(LegStatus.ALIGNED);
      assertThat(video.gaps()).isEmpty();
      assertThat(video.leg(1).contributed()).isEqualTo(2);
      try (RecordingReader reader = storage.openReader(content.id())) {
        SeamedIndex index = DataDirectory.open(dir).seamedIndex(content.id(), 0);
        assertThat(index.size()).isEqualTo(200);
        for (int i = 0; i < index.size(); i++) {
          RecordedPacket packet = reader.read(index.excerpt(i));
          assertThat(packet.payloadHash()).as("position %d", i).isEqualTo(TestMedia.hash(TestMedia.payload(0, i, 300)));
        }
      }
    }
  }

  @Test
  void aLegSharingOnlyAFewPayloadsWithTheReferenceNeverFillsItsGaps() throws Exception {
    // Leg 1 is another encode that happens to carry 5 payloads identical to the reference's at one
    // constant offset (black frames, a slate). The former rule took 5 agreeing votes (>= 4, a
    // majority) as an alignment and filled the reference's gaps with leg 1's foreign packets; the
    // seamer needs 8.
    ContentDescriptor content = TestMedia.videoOnly("rtsp://origin/foreign", "");
    Set<Long> lostOnLeg0 = Set.of(40L, 41L, 42L);
    Set<Long> shared = Set.of(5L, 6L, 7L, 8L, 9L);
    try (Storage storage = Storage.open(TestMedia.config(dir, clock))) {
      Recording r = storage.startRecording(content);
      for (long n = 0; n < 100; n++) {
        if (!lostOnLeg0.contains(n)) {
          TestMedia.offerPayload(r, 0, n, 1_000 + n, 3_000 * n, TestMedia.payload(0, n, 300));
        }
        byte[] other = shared.contains(n) ? TestMedia.payload(0, n, 300) : TestMedia.payload(7, n, 300);
        TestMedia.offerPayload(r, 1, n, 20_000 + n, 90_000 + 3_000 * n, other);
      }
      TrackSummary video = finish(storage, r, content).trackSummaries().get(0);
      assertThat(video.leg(1).status()).isEqualTo(LegStatus.NOT_ALIGNABLE);
      assertThat(video.leg(1).reason()).isNotBlank();
      assertThat(video.gaps()).containsExactly(new GapMap.Range(1_040, 1_042));
      try (RecordingReader reader = storage.openReader(content.id())) {
        SeamedIndex index = DataDirectory.open(dir).seamedIndex(content.id(), 0);
        for (int i = 0; i < index.size(); i++) {
          assertThat(index.leg(i)).isZero();
          assertThat(reader.read(index.excerpt(i)).leg()).isZero();
        }
      }
    }
  }

  @Test
  void aLegOverlappingOnlyAnotherExtraLegIsAlignedThroughIt() throws Exception {
    // Leg 2 never overlaps the reference, only leg 1. The former rule matched legs against the
    // reference alone and left leg 2 out (a 60-position hole at the end); the seamer aligns leg 1,
    // then leg 2 against the track leg 1 extended.
    ContentDescriptor content = TestMedia.videoOnly("rtsp://origin/chain", "");
    try (Storage storage = Storage.open(TestMedia.config(dir, clock))) {
      Recording r = storage.startRecording(content);
      for (long n = 0; n < 260; n++) {
        byte[] p = TestMedia.payload(0, n, 300);
        if (n < 100) {
          TestMedia.offerPayload(r, 0, n, 5_000 + n, 3_000 * n, p);
        }
        if (n >= 80 && n < 200) {
          TestMedia.offerPayload(r, 1, n, 30_000 + n, 777 + 3_000 * n, p);
        }
        if (n >= 180) {
          TestMedia.offerPayload(r, 2, n, 60_000 + n, 123_456 + 3_000 * n, p);
        }
      }
      ContentInfo info = finish(storage, r, content);
      TrackSummary video = info.trackSummaries().get(0);
      assertThat(video.unalignedLegs()).isEmpty();
      assertThat(video.alignedLegs()).containsExactly(
          new TrackSummary.LegOffset(1, -25_000, -777), new TrackSummary.LegOffset(2, -55_000, -123_456));
      assertThat(video.firstSeq()).isEqualTo(5_000);
      assertThat(video.lastSeq()).isEqualTo(5_259);
      assertThat(video.gaps()).isEmpty();
      assertThat(video.leg(2).contributed()).isEqualTo(60);
      assertThat(info.state()).as(info.stateDetail()).isEqualTo(ContentState.COMPLETE);
      SeamedIndex index = DataDirectory.open(dir).seamedIndex(content.id(), 0);
      assertThat(index.seams()).containsExactly(new SeamedIndex.Seam(5_100, 0, 1), new SeamedIndex.Seam(5_200, 1, 2));
      // Every position carries the payload of its content packet.
      try (RecordingReader reader = storage.openReader(content.id())) {
        for (int i = 0; i < index.size(); i++) {
          RecordedPacket p = reader.read(index.excerpt(i));
          assertThat(p.payloadHash()).isEqualTo(TestMedia.hash(TestMedia.payload(0, index.position(i) - 5_000, 300)));
          assertThat(index.timestamp(i)).isEqualTo(3_000 * (index.position(i) - 5_000));
        }
      }
    }
  }

  @Test
  void aSecondRunAppendsWithNewLegIdsAndReplacesTheIndex() throws Exception {
    ContentDescriptor content = TestMedia.videoOnly("rtsp://origin/again", "");
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
      ContentInfo info = finish(storage, second, content);
      assertThat(info.state()).as("%s %s %s", info.stateDetail(), info.stopDetail(), info.damage())
          .isEqualTo(ContentState.COMPLETE);
      assertThat(info.packets()).isEqualTo(110);
      assertThat(info.legSummaries()).extracting(LegSummary::leg).containsExactly(0, 1);
      TrackSummary video = info.trackSummaries().get(0);
      assertThat(video.referenceLeg()).isZero();
      assertThat(video.received()).isEqualTo(100);
      assertThat(video.gaps()).isEmpty();
      SeamedIndex index = DataDirectory.open(dir).seamedIndex(content.id(), 0);
      assertThat(index.rebuilt()).as(index.origin()).isFalse();
      assertThat(index.excerptsAtBuild()).isEqualTo(110);
      assertThat(index.contributions()).containsEntry(0, 50L).containsEntry(1, 50L);
    }
  }
}
