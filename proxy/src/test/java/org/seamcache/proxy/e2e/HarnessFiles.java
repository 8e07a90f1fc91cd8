package org.seamcache.proxy.e2e;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the repository and its {@code test-data/harness/} scripts from wherever the test JVM runs
 * (surefire runs in the module directory, an IDE may run in the repository root).
 *
 * <p>Stateless and thread-safe.
 */
public final class HarnessFiles {
  private static final Path HARNESS = Path.of("test-data", "harness");

  private HarnessFiles() {}

  /** The repository root: the nearest directory at or above the working directory that holds the harness. */
  public static Path repoRoot() {
    Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve(HARNESS).resolve("origin.py"))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "no directory at or above " + start + " contains test-data/harness/origin.py");
  }

  /** A file in {@code test-data/harness/}, which must exist. */
  public static Path script(String name) {
    Path p = repoRoot().resolve(HARNESS).resolve(name);
    if (!Files.isRegularFile(p)) {
      throw new IllegalStateException("harness file missing: " + p);
    }
    return p;
  }

  /** Scratch space under {@code <repo>/target/}: outside the git tree, kept between builds. */
  public static Path targetDir(String name) {
    return repoRoot().resolve("target").resolve(name);
  }
}
