package org.seamcache.proxy.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seamcache.proxy.route.OriginTarget;
import org.seamcache.storage.Storage;
import org.seamcache.storage.StorageConfig;

/** Which contents are recorded: all, none, every route, or chosen routes only. */
class RecordPolicyTest {
  private static final OriginTarget NEWS = new OriginTarget(URI.create("rtsp://o/news"), "rtsp://p/news", "news");
  private static final OriginTarget CAM = new OriginTarget(URI.create("rtsp://o/cam"), "rtsp://p/cam", "cam");
  private static final OriginTarget PREFIX = new OriginTarget(URI.create("rtsp://o/x"), "rtsp://p/o/x");

  @Test
  void policiesDecidePerContent(@TempDir Path dir) {
    try (Storage storage = Storage.open(StorageConfig.defaults(dir))) {
      assertThat(recorded(storage, RecordPolicy.ALL, Set.of())).containsExactly(true, true, true);
      assertThat(recorded(storage, RecordPolicy.NONE, Set.of())).containsExactly(false, false, false);
      assertThat(recorded(storage, RecordPolicy.ROUTES, Set.of("news", "cam"))).containsExactly(true, true, false);
      assertThat(recorded(storage, RecordPolicy.ROUTES, Set.of("news"))).containsExactly(true, false, false);
    }
  }

  @Test
  void parsesTheConfiguredWords() {
    assertThat(RecordPolicy.parse(" Routes ")).isEqualTo(RecordPolicy.ROUTES);
    assertThatThrownBy(() -> RecordPolicy.parse("some")).hasMessageContaining("all, none or routes");
  }

  private static Boolean[] recorded(Storage storage, RecordPolicy policy, Set<String> routes) {
    ContentRecordings r = new ContentRecordings(storage, policy, routes, Runnable::run, Clock.systemUTC(), System::nanoTime);
    return new Boolean[] {r.records(NEWS), r.records(CAM), r.records(PREFIX)};
  }
}
