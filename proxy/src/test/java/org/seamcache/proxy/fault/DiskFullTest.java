package org.seamcache.proxy.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.seamcache.proxy.ProxyConfig;
import org.seamcache.proxy.ProxyServer;
import org.seamcache.proxy.RawRtsp;
import org.seamcache.proxy.e2e.OriginServer;
import org.seamcache.proxy.fault.SmallFileSystem.Kind;
import org.seamcache.proxy.route.Cidr;
import org.seamcache.storage.ContentInfo;
import org.seamcache.storage.ContentState;
import org.seamcache.storage.DataDirectory;
import org.seamcache.storage.LegSummary;
import org.seamcache.storage.RecorderStats;
import org.seamcache.storage.RecordingReader;
import org.seamcache.storage.StopReason;
import org.seamcache.storage.VerifyReport;

/**
 * The data directory's file system fills up for real (a filler file takes every last byte) in the
 * middle of a live recording, on a tmpfs and on a loop-mounted ext4, with no free-space floor and
 * with a low one: the viewer keeps getting frames, the recording ends incomplete or partial with
 * what it wrote readable, {@code ls}/{@code verify} work on the full disk, nothing half-written or
 * locked is left, and once space is freed the next viewing is recorded and readable.
 */
class DiskFullTest {
  private static final int MEGABYTES = 24;
  private static final int TRACK = 0;

  @RegisterExtension static OriginServer origin = OriginServer.builder().build();

  @ParameterizedTest(name = "{0}, min free disk {1} bytes")
  @CsvSource({"TMPFS, 0", "TMPFS, 262144", "EXT4, 0", "EXT4, 262144"})
  void aRecordingThatFillsTheDiskEndsCleanly(Kind kind, long minFreeDisk) throws Exception {
    try (SmallFileSystem fs = SmallFileSystem.mount(kind, MEGABYTES)) {
      ProxyServer proxy = ProxyServer.start(config(fs.root().resolve("data"), minFreeDisk));
      try {
        String live = "rtsp://127.0.0.1:" + proxy.rtspAddress().getPort() + "/127.0.0.1:" + origin.rtspPort() + "/live";

        // 1. A viewing whose recording runs into a full disk.
        String id;
        try (Viewer viewer = Viewer.play(proxy.rtspAddress().getPort(), live)) {
          await().atMost(Duration.ofSeconds(15)).until(() -> recordedPackets(proxy) > 50);
          id = proxy.status().recordings().get(0).id();
          fs.fill();
          int windows = 0;
          while (recording(proxy).running() && windows < 40) {
            assertThat(viewer.frames(500)).as("frames relayed in half a second after %d, disk full", windows).isPositive();
            windows++;
          }
          RecorderStats stopped = recording(proxy);
          assertThat(stopped.running()).as("the recording stops on the full disk: %s", stopped).isFalse();
          assertThat(viewer.frames(1000)).as("frames relayed after the recording stopped").isPositive();
        }
        awaitSealed(proxy);

        // 2. On the still full disk: what was written is listed, verified and read.
        assertThat(fs.usableBytes()).as("the disk is still full (less than a reservation ahead)").isLessThan(1 << 20);
        DataDirectory dir = DataDirectory.open(fs.root().resolve("data"));
        ContentInfo first = dir.catalog().get(id).orElseThrow();
        assertThat(first.state()).as("%s", first).isIn(ContentState.INCOMPLETE, ContentState.PARTIAL);
        assertThat(first.packets()).as("%s", first).isGreaterThan(50);
        assertThat(first.stopReason()).as("the final state, written on the full disk: %s", first).isEqualTo(StopReason.DISK_LOW);
        VerifyReport report = dir.verify(id, n -> {});
        assertThat(report.problems()).as("verify on the full disk: %s", report).isEmpty();
        assertThat(readAll(dir, id)).as("excerpts read back").isEqualTo(report.excerpts()).isEqualTo(first.excerpts());
        assertThat(fs.filesEndingWith(".tmp")).as("half-written files").isEmpty();
        assertThat(fs.filesEndingWith(".ballast")).as("space set aside for the final state, given back").isEmpty();

        // 3. Space freed: the next viewing is recorded and readable.
        fs.free();
        try (Viewer viewer = Viewer.play(proxy.rtspAddress().getPort(), live)) {
          await().atMost(Duration.ofSeconds(15)).until(() -> recordedPackets(proxy) > 50);
          assertThat(viewer.frames(500)).isPositive();
        }
        awaitSealed(proxy);
        ContentInfo second = dir.catalog().get(id).orElseThrow();
        long legsWithPackets = second.legSummaries().stream().filter(l -> l.track() == TRACK && l.packets() > 0).map(LegSummary::leg).distinct().count();
        assertThat(legsWithPackets).as("a leg of the second viewing: %s", second).isEqualTo(2);
        assertThat(second.packets()).isGreaterThan(first.packets() + 50);
        VerifyReport again = dir.verify(id, n -> {});
        assertThat(again.problems()).as("verify after the next viewing: %s", again).isEmpty();
        assertThat(readAll(dir, id)).isEqualTo(again.excerpts()).isEqualTo(second.excerpts());
        assertThat(fs.filesEndingWith(".tmp")).as("half-written files").isEmpty();
        assertThat(fs.filesEndingWith(".ballast")).as("space set aside for the final state, given back").isEmpty();
      } finally {
        proxy.close();
      }
    }
  }

  private static ProxyConfig config(Path dataDir, long minFreeDisk) {
    return ProxyConfig.defaults(0, 0, dataDir, List.of(Cidr.parse("127.0.0.0/8")), Map.of())
        .withBindAddress(InetAddress.getLoopbackAddress())
        .withLiveIdleTeardown(Duration.ofSeconds(2)) // as RunningProxy: a shorter one may end the stream between SETUP and PLAY under load
        .withMinFreeDisk(minFreeDisk);
  }

  private static RecorderStats recording(ProxyServer proxy) {
    List<RecorderStats> all = proxy.status().recordings();
    assertThat(all).hasSize(1);
    return all.get(0);
  }

  private static long recordedPackets(ProxyServer proxy) {
    List<RecorderStats> all = proxy.status().recordings();
    return all.isEmpty() ? 0 : all.get(0).recordedPackets();
  }

  /** Waits until the upstream is gone and its recording has ended and been sealed. */
  private static void awaitSealed(ProxyServer proxy) {
    await().atMost(Duration.ofSeconds(30)).until(() -> proxy.status().live().isEmpty() && proxy.status().recordings().isEmpty()
        && proxy.recordedContents().stream().noneMatch(c -> c.state() == ContentState.RECORDING));
  }

  private static long readAll(DataDirectory dir, String id) {
    long n = 0;
    try (RecordingReader reader = dir.openReader(id)) {
      while (reader.next()) {
        n++;
      }
    }
    return n;
  }

  /** One viewer over interleaved TCP, torn down on close. */
  private record Viewer(RawRtsp rtsp, String url, String session) implements AutoCloseable {
    static Viewer play(int port, String url) throws Exception {
      RawRtsp rtsp = new RawRtsp(port);
      try {
        assertThat(rtsp.request("DESCRIBE", url, "CSeq: 1").status()).isEqualTo(200);
        RawRtsp.Reply setup = rtsp.request("SETUP", url + "/stream=0", "CSeq: 2", "Transport: RTP/AVP/TCP;unicast;interleaved=0-1");
        assertThat(setup.status()).isEqualTo(200);
        String session = "Session: " + setup.header("Session").split(";")[0];
        assertThat(rtsp.request("PLAY", url, "CSeq: 3", session).status()).isEqualTo(200);
        return new Viewer(rtsp, url, session);
      } catch (Exception | Error e) {
        rtsp.close();
        throw e;
      }
    }

    int frames(long millis) throws Exception {
      return rtsp.countFrames(0, millis);
    }

    @Override
    public void close() throws Exception {
      try {
        rtsp.request("TEARDOWN", url, "CSeq: 9", session);
      } finally {
        rtsp.close();
      }
    }
  }
}
