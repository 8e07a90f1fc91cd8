package org.seamcache.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tarball as a user gets it: unpacked, its launcher run from another directory and through a symlink. */
class TarballIT {

  @TempDir static Path unpacked;
  static Path home;

  @BeforeAll
  static void unpack() throws Exception {
    Run.of("tar", "-xzf", Built.tarball().toString(), "-C", unpacked.toString()).ok();
    home = unpacked.resolve("seamcache-" + Built.version());
  }

  @Test
  void holdsLauncherJarConfigManPageAndCompletions() throws Exception {
    List<String> files = Arrays.stream(Run.of("tar", "-tzf", Built.tarball().toString()).ok().split("\n")).filter(f -> !f.endsWith("/")).sorted().toList();
    String top = "seamcache-" + Built.version() + "/";
    assertThat(files)
        .containsExactly(
            top + "bin/seamcache",
            top + "completion/_seamcache",
            top + "completion/seamcache.bash",
            top + "conf/jvm.options",
            top + "conf/seamcache.conf",
            top + "lib/seamcache.jar",
            top + "man/seamcache.1");
    assertThat(Files.getPosixFilePermissions(home.resolve("bin/seamcache"))).contains(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OTHERS_EXECUTE);
    assertThat(Files.readString(home.resolve("conf/seamcache.conf"))).contains("\ndata-dir=./data\n");
  }

  @Test
  void launcherPrintsVersionAndCommit() throws Exception {
    Run r = launcher(Map.of(), "--version");
    assertThat(r.ok()).matches("(?s)seamcache " + java.util.regex.Pattern.quote(Built.version()) + " \\(commit ([0-9a-f]{7,}|unknown)\\)\nJava .*");
  }

  @Test
  void launcherShowsServeHelpAndExitsTwoOnUsageErrors() throws Exception {
    Run help = launcher(Map.of(), "serve", "--help");
    assertThat(help.exit()).isZero();
    assertThat(help.out()).contains("Usage: seamcache serve", "--rtsp-port", "--config=FILE");

    Run bad = launcher(Map.of(), "serve", "--no-such-flag");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("Unknown option: '--no-such-flag'");
  }

  @Test
  void launcherWorksThroughASymlinkAndWithoutJavaOnPath() throws Exception {
    Path link = unpacked.resolve("elsewhere/seamcache");
    Files.createDirectories(link.getParent());
    Files.createSymbolicLink(link, home.resolve("bin/seamcache"));
    // No JAVA_HOME and no java on PATH (only the tools the launcher uses): it has to look in /usr/lib/jvm.
    Path tools = Files.createDirectories(unpacked.resolve("tools-without-java"));
    for (String tool : List.of("sed", "dirname", "readlink", "head")) {
      Path real = Path.of(Run.of("sh", "-c", "command -v " + tool).ok().strip());
      if (!Files.exists(tools.resolve(tool))) {
        Files.createSymbolicLink(tools.resolve(tool), real);
      }
    }
    Map<String, String> env = new HashMap<>();
    env.put("JAVA_HOME", null);
    env.put("PATH", tools.toString());

    Run r = Run.of(unpacked, env, List.of(link.toString(), "--version"));

    assertThat(r.ok()).startsWith("seamcache " + Built.version());
  }

  @Test
  void launcherSkipsAJavaHomeOlderThan17() throws Exception {
    // A fake Java 11: its release file says so, and its java would fail if run.
    Path old = unpacked.resolve("fake-jdk-11");
    Files.createDirectories(old.resolve("bin"));
    Files.writeString(old.resolve("release"), "JAVA_VERSION=\"11.0.2\"\n");
    Path java = Files.writeString(old.resolve("bin/java"), "#!/bin/sh\necho 'not a JVM' >&2\nexit 99\n");
    java.toFile().setExecutable(true);

    Run r = launcher(Map.of("JAVA_HOME", old.toString()), "--version");

    assertThat(r.ok()).startsWith("seamcache " + Built.version());
    assertThat(r.err()).contains("JAVA_HOME=" + old + " is not a Java 17+ runtime");
  }

  @Test
  void jvmOptionsLinesApplyByJavaVersion() throws Exception {
    Path options = Files.writeString(unpacked.resolve("probe.options"),
        "# comment\n\n-XshowSettings:properties\n-Dprobe.all=1\n17-:-Dprobe.from17=1\n99-:-Dprobe.from99=1\n8-11:-Dprobe.upto11=1\n");

    Run r = launcher(Map.of("SEAMCACHE_JVM_OPTIONS", options.toString(), "SEAMCACHE_OPTS", "-Dprobe.env=1"), "--version");

    assertThat(r.ok()).startsWith("seamcache ");
    assertThat(r.err()).contains("probe.all = 1", "probe.from17 = 1", "probe.env = 1").doesNotContain("probe.from99", "probe.upto11");
  }

  @Test
  void shippedJvmOptionsReachTheJvm() throws Exception {
    Run r = launcher(Map.of("SEAMCACHE_OPTS", "-XshowSettings:properties"), "--version");
    assertThat(r.ok()).startsWith("seamcache ");
    assertThat(r.err()).contains("chronicle.analytics.disable = true", "chronicle.announcer.disable = true");
  }

  @Test
  void bashCompletionCompletesServeOptions() throws Exception {
    String script =
        "source '" + home.resolve("completion/seamcache.bash") + "'\n"
            + "COMP_WORDS=(seamcache serve --rtsp); COMP_CWORD=2; COMP_LINE='seamcache serve --rtsp'; COMP_POINT=${#COMP_LINE}\n"
            + "_complete_seamcache\n"
            + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
    assertThat(Run.of("bash", "-c", script).ok()).contains("--rtsp-port");
    assertThat(Files.readString(home.resolve("completion/_seamcache"))).startsWith("#compdef seamcache\n").contains("_complete_seamcache");
  }

  @Test
  void manPageDocumentsEveryCommand() throws Exception {
    String man = Files.readString(home.resolve("man/seamcache.1"));
    assertThat(man).startsWith(".TH SEAMCACHE 1").contains(".SS \"seamcache serve\"", ".SS \"seamcache seam\"", ".SS \"seamcache ls\"", "\\fB\\-\\-rtsp\\-port\\fR");
  }

  @Test
  void servesOptionsWithTheShippedConfig() throws Exception {
    Path conf = home.resolve("conf/seamcache.conf");
    try (ServeProcess serve =
        ServeProcess.start(home, List.of(home.resolve("bin/seamcache").toString(), "serve", "--config", conf.toString(), "--bind", "127.0.0.1", "--rtsp-port", "0", "--admin-port", "-1"))) {
      int port = serve.awaitReady();
      RtspOptions.Response r = RtspOptions.ask(port);
      assertThat(r.statusLine()).isEqualTo("RTSP/1.0 200 OK");
      assertThat(r.headers()).containsEntry("cseq", "1");
      assertThat(r.headers().get("public")).contains("DESCRIBE", "SETUP", "PLAY", "TEARDOWN");
    }
    // data-dir=./data, relative to where it started.
    assertThat(home.resolve("data")).isDirectory();
  }

  /** bin/seamcache run from outside the installation directory, with these environment changes. */
  private static Run launcher(Map<String, String> env, String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>();
    cmd.add(home.resolve("bin/seamcache").toString());
    cmd.addAll(List.of(args));
    return Run.of(unpacked, env, cmd);
  }
}
