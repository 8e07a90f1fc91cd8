package org.seamcache.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.seamcache.cli.logging.ServeJvm;
import org.seamcache.storage.RecorderStats;
import org.seamcache.storage.Recording;
import org.seamcache.storage.StopReason;
import org.seamcache.storage.Storage;

/**
 * {@code ls} and {@code verify}, each in a JVM of its own as an operator runs them, on a tmpfs
 * that a recording filled to the last byte: they list and check every content (no InternalError
 * from a memory-mapped file on a full file system). Needs root (it mounts the tmpfs).
 */
class FullDiskCommandsTest {

  private record Run(int exit, String out, String err) {}

  @Test
  void lsAndVerifyWorkOnAFullTmpfs() throws Exception {
    Path base = Files.createTempDirectory("seamcache-full-tmpfs");
    Path mount = base.resolve("mnt");
    Files.createDirectories(mount);
    command("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", mount.toString());
    try {
      Path dir = mount.resolve("data");
      String sound;
      String filled;
      try (Storage storage = Storage.open(RecordedFixture.config(dir))) {
        sound = RecordedFixture.twoLegs(storage, "rtsp://origin/before").id();
        Recording r = storage.startRecording(RecordedFixture.content("rtsp://origin/filling"));
        long t0 = 1_763_800_000_000_000_000L;
        long n = 0;
        // Offered at the writer's pace (the hand-off never overflows); the disk fills after 100.
        for (; r.stats().running() && n < 200_000; n++) {
          if (n == 100) {
            fill(mount.resolve("filler"));
          }
          RecordedFixture.offer(r, 0, 0, t0 + n * 1_000_000, n, 0x4444, RecordedFixture.payload(0, n, 1200), 96);
          long offered = n + 1;
          if (offered % 50 == 0) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !r.stats().running() || r.stats().recordedPackets() >= offered);
          }
        }
        RecorderStats stats = r.whenFinished().get(10, TimeUnit.SECONDS);
        assertThat(stats.stopReason()).as("%s", stats).isEqualTo(StopReason.DISK_LOW);
        assertThat(stats.recordedPackets()).isGreaterThanOrEqualTo(100);
        filled = r.id();

        // A recording started on the full disk stops at once (its first write into a new queue file
        // would otherwise crash the JVM with SIGBUS).
        Recording late = storage.startRecording(RecordedFixture.content("rtsp://origin/too-late"));
        RecordedFixture.offer(late, 0, 0, t0, 0, 0x5555, RecordedFixture.payload(0, 0, 1200), 96);
        late.finish(false);
        RecorderStats lateStats = late.whenFinished().get(10, TimeUnit.SECONDS);
        assertThat(lateStats.running()).isFalse();
        assertThat(lateStats.recordedPackets()).isZero();
      }
      assertThat(Files.getFileStore(mount).getUsableSpace()).as("the tmpfs is full (less than a reservation ahead)").isLessThan(1 << 20);

      Run ls = seamcache("ls", "--data-dir", dir.toString());
      assertThat(ls.exit()).as("ls: %s", ls).isZero();
      assertThat(ls.out()).contains(sound, filled);
      assertThat(ls.out() + ls.err()).doesNotContain("InternalError", "Exception");
      for (String id : List.of(sound, filled)) {
        Run verify = seamcache("verify", id, "--data-dir", dir.toString());
        assertThat(verify.exit()).as("verify %s: %s", id, verify).isZero();
        assertThat(verify.out() + verify.err()).doesNotContain("InternalError", "Exception");
      }
    } finally {
      try {
        command("umount", mount.toString());
      } catch (IllegalStateException busy) {
        command("umount", "-l", mount.toString()); // detached now, freed when no longer used
      }
      Files.deleteIfExists(mount);
      Files.deleteIfExists(base);
    }
  }

  /** Writes a filler file until the file system refuses more. */
  private static void fill(Path filler) {
    byte[] chunk = new byte[64 << 10];
    try (OutputStream out = Files.newOutputStream(filler)) {
      for (int i = 0; i < 1 << 14; i++) { // bounded: 1 GiB at most
        out.write(chunk);
      }
    } catch (IOException full) {
      return;
    }
    throw new IllegalStateException("the tmpfs took 1 GiB without filling");
  }

  private static Run seamcache(String... args) throws Exception {
    Path out = Files.createTempFile("seamcache-out", ".txt");
    Path err = Files.createTempFile("seamcache-err", ".txt");
    try {
      Process p = new ProcessBuilder(ServeJvm.command(args)).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      p.getOutputStream().close();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
        throw new AssertionError("seamcache " + String.join(" ", args) + " did not finish in 60 s");
      }
      return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  private static void command(String... argv) throws Exception {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", argv) + " failed (it needs root): " + output);
    }
  }
}
