package org.seamcache.proxy.fault;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.seamcache.proxy.e2e.CommandResult;
import org.seamcache.proxy.e2e.CommandRunner;

/**
 * A small real file system mounted for one test (a tmpfs, or an ext4 image on a loop device) that
 * can be filled to the last byte and freed again. Needs root. {@link #close} unmounts, detaches and
 * deletes on every path, whatever was mounted by then.
 */
final class SmallFileSystem implements AutoCloseable {

  /** Which kind of file system. */
  enum Kind {
    TMPFS,
    EXT4
  }

  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

  private final Kind kind;
  private final Path base;
  private final Path mountPoint;
  private Path image;
  private String loopDevice;
  private boolean mounted;
  private final Path filler;

  private SmallFileSystem(Kind kind, Path base) {
    this.kind = kind;
    this.base = base;
    this.mountPoint = base.resolve("mnt");
    this.filler = mountPoint.resolve("filler");
  }

  /** Mounts a fresh file system of {@code megabytes}. */
  static SmallFileSystem mount(Kind kind, int megabytes) throws IOException {
    SmallFileSystem fs = new SmallFileSystem(kind, Files.createTempDirectory("seamcache-small-fs"));
    try {
      Files.createDirectories(fs.mountPoint);
      if (kind == Kind.TMPFS) {
        run(tool("mount"), "-t", "tmpfs", "-o", "size=" + megabytes + "m", "tmpfs", fs.mountPoint.toString());
      } else {
        fs.image = fs.base.resolve("ext4.img");
        run(tool("truncate"), "-s", megabytes + "M", fs.image.toString());
        // -m 0: no blocks reserved for root, so root (the test) fills it as far as anyone would.
        run(tool("mkfs.ext4"), "-q", "-F", "-m", "0", fs.image.toString());
        fs.loopDevice = run(tool("losetup"), "--find", "--show", fs.image.toString()).stdout().strip();
        run(tool("mount"), "-t", "ext4", fs.loopDevice, fs.mountPoint.toString());
      }
      fs.mounted = true;
      return fs;
    } catch (RuntimeException | IOException e) {
      fs.close();
      throw e;
    }
  }

  Path root() {
    return mountPoint;
  }

  Kind kind() {
    return kind;
  }

  long usableBytes() throws IOException {
    return Files.getFileStore(mountPoint).getUsableSpace();
  }

  /** Writes a filler file until the file system refuses more ("No space left on device"). */
  void fill() throws IOException {
    byte[] chunk = new byte[64 << 10];
    try (OutputStream out = Files.newOutputStream(filler)) {
      for (int i = 0; i < 1 << 16; i++) { // bounded: 4 GiB at most
        out.write(chunk);
      }
      throw new IllegalStateException("the file system took 4 GiB without filling: " + mountPoint);
    } catch (IOException full) {
      // what we wanted: a full disk
    }
    // Single bytes too, so not even a partial block is left.
    try (OutputStream out = Files.newOutputStream(filler, java.nio.file.StandardOpenOption.APPEND)) {
      for (int i = 0; i < 1 << 16; i++) {
        out.write(0);
        out.flush();
      }
    } catch (IOException full) {
      // full
    }
  }

  /** Deletes the filler: the space it took is free again. */
  void free() throws IOException {
    Files.deleteIfExists(filler);
  }

  /** Every file under the mount whose name ends with {@code suffix}. */
  List<Path> filesEndingWith(String suffix) throws IOException {
    try (Stream<Path> files = Files.walk(mountPoint)) {
      return files.filter(p -> p.getFileName().toString().endsWith(suffix)).toList();
    }
  }

  @Override
  public void close() {
    List<String> failures = new ArrayList<>();
    if (mounted) {
      CommandResult r = CommandRunner.run(List.of(tool("umount"), mountPoint.toString()), COMMAND_TIMEOUT);
      if (!r.succeeded()) {
        // Still busy (a mapping not yet released): detach it now, the kernel frees it when unused.
        CommandResult lazy = CommandRunner.run(List.of(tool("umount"), "-l", mountPoint.toString()), COMMAND_TIMEOUT);
        if (!lazy.succeeded()) {
          failures.add(lazy.describe());
        }
      }
      mounted = false;
    }
    if (loopDevice != null) {
      CommandResult r = CommandRunner.run(List.of(tool("losetup"), "-d", loopDevice), COMMAND_TIMEOUT);
      if (!r.succeeded()) {
        failures.add(r.describe());
      }
      loopDevice = null;
    }
    try {
      if (image != null) {
        Files.deleteIfExists(image);
      }
      Files.deleteIfExists(mountPoint);
      Files.deleteIfExists(base);
    } catch (IOException e) {
      failures.add(e.toString());
    }
    if (!failures.isEmpty()) {
      throw new IllegalStateException("cannot clean up " + kind + " at " + mountPoint + ": " + failures);
    }
  }

  /** A system tool by name, found in the sbin directories too (a non-login root PATH may lack them). */
  private static String tool(String name) {
    for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
      if (Files.isExecutable(Path.of(dir, name))) {
        return dir + "/" + name;
      }
    }
    return name;
  }

  private static CommandResult run(String... argv) {
    CommandResult r = CommandRunner.run(List.of(argv), COMMAND_TIMEOUT);
    if (!r.succeeded()) {
      throw new UncheckedIOException(new IOException(
          String.join(" ", argv) + " failed (it needs root; mkfs.ext4 is in e2fsprogs, losetup in mount):\n" + r.describe()));
    }
    return r;
  }
}
