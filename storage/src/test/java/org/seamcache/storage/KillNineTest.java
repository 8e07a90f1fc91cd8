package org.seamcache.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a real recording JVM with SIGKILL mid-stream: every packet it reported committed is on disk,
 * readers see the content {@code incomplete} right away, and reopening the storage keeps them all.
 */
class KillNineTest {

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(ints = {1_000, 5_000})
  void killNineLosesNoAppendedPacket(int killAfter) throws Exception {
    ContentDescriptor content = TestMedia.content("rtsp://origin/kill-" + killAfter);
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElseThrow());
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-") || arg.startsWith("-Dchronicle") || arg.startsWith("--enable-native-access")
          || arg.startsWith("--sun-misc")) {
        command.add(arg);
      }
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), RecordingChild.class.getName(),
        dir.toString(), content.originUrl()));
    Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    long reported = 0;
    ContentInfo whileAlive = null;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("recorded ")) {
          reported = Long.parseLong(line.substring("recorded ".length()));
          if (whileAlive == null && reported >= killAfter / 2) {
            whileAlive = DataDirectory.open(dir).catalog().get(content.id()).orElseThrow();
            assertThat(DataDirectory.open(dir).proxyRunning()).isTrue();
          }
          if (reported >= killAfter) {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no finish()
            break;
          }
        }
      }
    } finally {
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(reported).isGreaterThanOrEqualTo(killAfter);
    assertThat(whileAlive.state()).isEqualTo(ContentState.RECORDING);
    assertThat(whileAlive.writerPid()).isEqualTo(Long.toString(child.pid()));
    assertThat(whileAlive.packets()).isGreaterThanOrEqualTo(killAfter / 2);

    // Before any restart: the CLI's view says the writer died.
    DataDirectory data = DataDirectory.open(dir);
    assertThat(data.proxyRunning()).isFalse();
    ContentInfo seen = data.catalog().get(content.id()).orElseThrow();
    assertThat(seen.state()).isEqualTo(ContentState.INCOMPLETE);
    assertThat(seen.stopReason()).isEqualTo(StopReason.WRITER_DIED);
    assertThat(seen.packets()).isGreaterThanOrEqualTo(reported);
    assertThat(seen.damaged()).isFalse();
    VerifyReport report = data.verify(content.id(), n -> {});
    assertThat(report.problems()).isEmpty();
    long expectedSeq = 0;
    try (RecordingReader reader = data.openReader(content.id())) {
      while (reader.next()) {
        assertThat(reader.extendedSeq()).isEqualTo(expectedSeq++);
      }
    }
    assertThat(expectedSeq).isEqualTo(seen.packets());

    // After a restart the catalog is rebuilt with the same packets, still incomplete.
    try (Storage storage = Storage.open(StorageConfig.defaults(dir).withMinFreeDiskBytes(0))) {
      ContentInfo rebuilt = storage.catalog().get(content.id()).orElseThrow();
      assertThat(rebuilt.state()).isEqualTo(ContentState.INCOMPLETE);
      assertThat(rebuilt.packets()).isEqualTo(seen.packets());
      assertThat(rebuilt.trackSummaries().get(0).gaps()).isEmpty();
      assertThat(rebuilt.trackSummaries().get(0).received()).isEqualTo(seen.packets());
    }
    // Recovery seamed the queue and wrote the index, which readers then take as it is.
    SeamedIndex index = DataDirectory.open(dir).seamedIndex(content.id(), 0);
    assertThat(index.rebuilt()).as(index.origin()).isFalse();
    assertThat(index.size()).isEqualTo(seen.packets());
    assertThat(DataDirectory.open(dir).catalog().get(content.id()).orElseThrow().state()).isEqualTo(ContentState.INCOMPLETE);
  }
}
