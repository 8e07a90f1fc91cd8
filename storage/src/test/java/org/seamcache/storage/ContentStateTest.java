package org.seamcache.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** States mean what they say: partial when not all of a stored content was fetched or it has gaps. */
class ContentStateTest {

  static final String TWENTY_SECONDS = "a=range:npt=0-20.0\r\n";

  @TempDir Path dir;
  final FakeClock clock = new FakeClock(TestMedia.T0_MILLIS);

  /** 25 packets per second of 90 kHz video from npt 0 for {@code seconds}, without loss except {@code lost}. */
  private ContentInfo record(String url, String sessionLines, double seconds, boolean normalEnd, long lost)
      throws Exception {
    ContentDescriptor content = TestMedia.videoOnly(url, sessionLines);
    try (Storage storage = Storage.open(TestMedia.config(dir, clock))) {
      Recording r = storage.startRecording(content);
      for (long n = 0; n < Math.round(seconds * 25); n++) {
        if (n != lost) {
          TestMedia.offerPayload(r, 0, n * 40_000_000, 7_000 + n, 3_600 * n, TestMedia.payload(0, n, 200));
        }
      }
      r.finish(normalEnd);
      r.whenFinished().get(30, TimeUnit.SECONDS);
      return storage.catalog().get(content.id()).orElseThrow();
    }
  }

  @Test
  void aViewerWhoLeftAfterThreeSecondsOfATwentySecondTitleLeavesItPartial() throws Exception {
    ContentInfo info = record("rtsp://origin/left-early", TWENTY_SECONDS, 3, true, -1);
    assertThat(info.trackSummaries().get(0).gaps()).isEmpty();
    assertThat(info.state()).isEqualTo(ContentState.PARTIAL);
    assertThat(info.stateDetail()).isEqualTo("track 0 covers 3.0 s of 20.0 s");
  }

  @Test
  void theWholeTitleWithoutLossIsComplete() throws Exception {
    ContentInfo info = record("rtsp://origin/whole", TWENTY_SECONDS, 20, true, -1);
    assertThat(info.state()).as(info.stateDetail()).isEqualTo(ContentState.COMPLETE);
    assertThat(info.stateDetail()).isEmpty();
    assertThat(info.trackSummaries().get(0).spanTicks()).isEqualTo(499 * 3_600);
  }

  @Test
  void theWholeTitleWithOneLostPacketIsPartial() throws Exception {
    ContentInfo info = record("rtsp://origin/one-lost", TWENTY_SECONDS, 20, true, 250);
    assertThat(info.state()).isEqualTo(ContentState.PARTIAL);
    assertThat(info.stateDetail()).isEqualTo("track 0 has 1 gap(s), 1 position(s) missing");
  }

  @Test
  void liveContentThatEndedNormallyWithoutGapsIsCompleteWhateverItsLength() throws Exception {
    ContentInfo info = record("rtsp://origin/live", "a=range:npt=now-\r\n", 3, true, -1);
    assertThat(info.state()).as(info.stateDetail()).isEqualTo(ContentState.COMPLETE);
  }

  @Test
  void aRunTheRelayEndedAbnormallyIsPartial() throws Exception {
    ContentInfo info = record("rtsp://origin/cut", "", 3, false, -1);
    assertThat(info.state()).isEqualTo(ContentState.PARTIAL);
    assertThat(info.stateDetail()).contains("abnormally");
  }

  @Test
  void sdpRangesAreReadInSecondsAndClockForm() {
    assertThat(SdpDuration.of("v=0\r\na=range:npt=0-20.0\r\n")).hasValue(20.0);
    assertThat(SdpDuration.of("a=range:npt=0.000-596.480\n")).hasValue(596.48);
    assertThat(SdpDuration.of("a=range:npt=00:00:00-00:01:30.5")).hasValue(90.5);
    // gst-rtsp-server's stored titles: a "now" start with a finite end is a title from 0
    assertThat(SdpDuration.of("a=range:npt=now-30\r\n")).hasValue(30.0);
    assertThat(SdpDuration.of("a=range:npt=now-\r\n")).isEmpty();
    assertThat(SdpDuration.of("a=range:npt=now-")).isEmpty();
    assertThat(SdpDuration.of("a=range:npt=0-")).isEmpty();
    assertThat(SdpDuration.of("v=0\r\n")).isEmpty();
  }

  @Test
  void olderSummariesStillRead() throws Exception {
    // A summary.properties as the previous build wrote it: no stateDetail, aligned/unaligned lists.
    ContentInfo info = record("rtsp://origin/old", "", 1, true, -1);
    Path summary = dir.resolve("contents").resolve(info.id()).resolve("summary.properties");
    java.util.Properties p = new java.util.Properties();
    try (var in = java.nio.file.Files.newBufferedReader(summary)) {
      p.load(in);
    }
    p.stringPropertyNames().stream().filter(k -> k.contains(".leg.") && k.startsWith("track.") || k.endsWith(".legs")
        && k.startsWith("track.") || k.equals("stateDetail") || k.endsWith("spanTicks")).toList().forEach(p::remove);
    p.setProperty("state", "complete");
    p.setProperty("track.0.alignedLegs", "3:10:20");
    p.setProperty("track.0.unalignedLegs", "4");
    try (var out = java.nio.file.Files.newBufferedWriter(summary)) {
      p.store(out, null);
    }
    ContentInfo old = DataDirectory.open(dir).catalog().get(info.id()).orElseThrow();
    assertThat(old.state()).isEqualTo(ContentState.COMPLETE);
    assertThat(old.trackSummaries().get(0).alignedLegs()).containsExactly(new TrackSummary.LegOffset(3, 10, 20));
    assertThat(old.trackSummaries().get(0).unalignedLegs()).containsExactly(4);
  }
}
