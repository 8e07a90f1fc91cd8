package org.seamcache.proxy.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seamcache.storage.ContentDescriptor;
import org.seamcache.storage.Recording;
import org.seamcache.storage.Storage;
import org.seamcache.storage.StorageConfig;
import org.seamcache.storage.TrackInfo;

/** What a node publishes of its stored titles: one being recorded now is published as recording (it is coming here). */
class LocalHoldingsTest {
  private static final NodeInfo SELF = new NodeInfo("a", URI.create("rtsp://a.example:8554"), "z1");
  private static final String URL = "rtsp://origin.example:554/films/new.mp4";
  private static final String SDP = "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=film\r\nt=0 0\r\na=range:npt=0-10\r\n"
      + "m=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=control:trackID=0\r\n";

  @TempDir Path dir;

  @Test
  void aTitleBeingRecordedIsPublishedAsRecordingWithoutItsGrowingSize() {
    try (Storage storage = Storage.open(StorageConfig.defaults(dir))) {
      Recording r = storage.startRecording(new ContentDescriptor(URL, SDP, List.of(new TrackInfo(0, "trackID=0", "video", 96, "H264", 90_000))));
      LocalHoldings holdings = new LocalHoldings(SELF, storage, List::of, route -> RelayThresholds.OFF, () -> 0, () -> 0L);
      TitleHolding h = holdings.titles().get(URL);
      assertThat(h).isNotNull();
      assertThat(h.state()).isEqualTo("recording");
      assertThat(h.sizeBytes()).isZero();
      assertThat(new String(holdings.entries().get(RegistryPaths.title(URL, "a")), java.nio.charset.StandardCharsets.UTF_8))
          .contains("state=recording");

      r.finish(false); // ended (on the recorder's thread) with nothing recorded: no longer coming
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
          .until(() -> holdings.titles().get(URL) == null || !holdings.titles().get(URL).recording());
    }
  }
}
