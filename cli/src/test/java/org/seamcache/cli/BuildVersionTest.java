package org.seamcache.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code seamcache --version} names the build's version and the git commit it was built from. */
class BuildVersionTest {

  @Test
  void versionNamesVersionAndCommit() throws Exception {
    StringWriter out = new StringWriter();
    int exit = SeamcacheCommand.newCommandLine().setOut(new PrintWriter(out)).execute("--version");

    assertThat(exit).isZero();
    String expectedCommit = gitHead();
    assertThat(out.toString())
        .startsWith("seamcache " + BuildVersion.load().getProperty("version") + " (commit " + expectedCommit + ")")
        .contains("Java " + System.getProperty("java.version"));
    assertThat(BuildVersion.load().getProperty("version")).matches("\\d+\\.\\d+\\.\\d+.*");
  }

  /** What the build should have recorded: git's short HEAD, or "unknown" where git cannot say. */
  private static String gitHead() throws Exception {
    try {
      Process git = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").directory(Path.of("").toAbsolutePath().toFile()).start();
      String head = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return git.waitFor(30, TimeUnit.SECONDS) && git.exitValue() == 0 ? head : "unknown";
    } catch (java.io.IOException noGit) {
      return "unknown";
    }
  }
}
