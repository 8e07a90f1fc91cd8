package org.seamcache.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Installs the .deb on this machine for real (root and dpkg needed), runs the unit's ExecStart as the
 * service user on loopback ports chosen free, asks it OPTIONS, stops it by PID, then removes and
 * purges the package and checks the recordings directory stays. Without systemd as PID 1 (containers)
 * the unit cannot be started through systemctl, so its ExecStart line is what runs.
 */
class DebInstallIT {

  static final Path DATA = Path.of("/var/lib/seamcache");
  static boolean userExisted;
  static boolean dataExisted;
  static Path configDir;

  @BeforeAll
  static void preconditions() throws Exception {
    assumeThat(Run.of("id", "-u").ok().strip()).as("dpkg -i needs root; not root here, so the .deb is not installed").isEqualTo("0");
    assumeThat(DebPackageIT.onPath("dpkg")).as("dpkg is not installed: not a Debian system").isTrue();
    assumeThat(Run.of("dpkg-query", "-W", "-f=${Status}", "seamcache").out())
        .as("a seamcache package is already installed here; not replacing an operator's install")
        .doesNotContain("installed");
    userExisted = Run.of("getent", "passwd", "seamcache").exit() == 0;
    dataExisted = Files.exists(DATA);
  }

  @Test
  void installServeRemoveKeepsData() throws Exception {
    Run install = Run.of("dpkg", "-i", Built.deb().toString());
    assertThat(install.exit()).as("dpkg -i: %s %s", install.out(), install.err()).isZero();

    // What postinst and the package set up.
    assertThat(Run.of("dpkg-query", "-W", "-f=${Status}", "seamcache").ok()).isEqualTo("install ok installed");
    String[] passwd = Run.of("getent", "passwd", "seamcache").ok().strip().split(":");
    assertThat(passwd[5]).isEqualTo("/var/lib/seamcache");
    assertThat(passwd[6]).endsWith("nologin");
    assertThat(Files.getOwner(DATA).getName()).isEqualTo("seamcache");
    assertThat(Files.readSymbolicLink(Path.of("/usr/bin/seamcache"))).isEqualTo(Path.of("../share/seamcache/bin/seamcache"));
    assertThat(Run.of("/usr/bin/seamcache", "--version").ok()).startsWith("seamcache " + Built.version() + " (commit ");
    assertThat(Run.of("man", "-w", "seamcache").ok().strip()).isEqualTo("/usr/share/man/man1/seamcache.1.gz");

    String pid1 = Files.readString(Path.of("/proc/1/comm")).strip(); // what `ps -p 1` shows, without procps
    System.out.println("PID 1 is " + pid1 + "; running the unit's ExecStart as the seamcache user");
    if (DebPackageIT.onPath("systemd-analyze")) {
      // systemd's own check of the installed unit (works without systemd running): no complaints at all.
      Run verify = Run.of("systemd-analyze", "verify", "/lib/systemd/system/seamcache.service");
      assertThat(verify.exit()).as(verify.err()).isZero();
      assertThat(verify.err()).isEmpty();
    }
    UnitFile unit = new UnitFile(Files.readString(Path.of("/lib/systemd/system/seamcache.service")));
    List<String> execStart = new ArrayList<>(Arrays.asList(unit.get("Service.ExecStart").split("\\s+")));
    Path conf = testConfig(execStart.get(execStart.indexOf("--config") + 1));
    execStart.set(execStart.indexOf("--config") + 1, conf.toString());

    serveAndAskOptions(execStart, conf);

    // Recordings the operator has must survive the package's removal, and its purge.
    Path marker = Files.writeString(DATA.resolve("kept-by-dpkg-remove.txt"), "recording stand-in\n");
    Run.of("dpkg", "-r", "seamcache").ok();
    assertThat(Path.of("/usr/bin/seamcache")).doesNotExist();
    assertThat(Path.of("/usr/share/seamcache")).doesNotExist();
    assertThat(Path.of("/etc/seamcache/seamcache.conf")).as("conffile kept until purge").exists();
    assertThat(marker).hasContent("recording stand-in");
    Run.of("dpkg", "--purge", "seamcache").ok();
    assertThat(Path.of("/etc/seamcache/seamcache.conf")).doesNotExist();
    assertThat(marker).exists();
  }

  /**
   * The installed config with loopback and free ports appended (the last value of a key wins), in a
   * directory the service user can read: the shipped file itself has to parse.
   */
  private static Path testConfig(String installedConfig) throws Exception {
    Path dir = configDir = Files.createTempDirectory("seamcache-deb-it", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    Path conf = dir.resolve("seamcache.conf");
    Files.writeString(conf, Files.readString(Path.of(installedConfig)) + "\n# test: loopback only, free ports\nbind=127.0.0.1\nrtsp-port=" + FreePort.pick() + "\nadmin-port=" + FreePort.pick() + "\n");
    Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-r--r--"));
    return conf;
  }

  private static void serveAndAskOptions(List<String> execStart, Path conf) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("runuser", "-u", "seamcache", "--"));
    cmd.addAll(execStart);
    String confText = Files.readString(conf);
    int wantedRtsp = Integer.parseInt(confText.replaceAll("(?s).*\nrtsp-port=(\\d+)\n.*", "$1"));
    ServeProcess serve = ServeProcess.start(DATA, cmd);
    try {
      int port = serve.awaitReady();
      assertThat(port).as("the configured RTSP port").isEqualTo(wantedRtsp);
      assertThat(serve.jvm().info().user()).hasValue("seamcache");

      RtspOptions.Response r = RtspOptions.ask(port);
      assertThat(r.statusLine()).isEqualTo("RTSP/1.0 200 OK");
      assertThat(r.headers()).containsEntry("cseq", "1");
      assertThat(r.headers().get("public")).contains("DESCRIBE", "SETUP", "PLAY", "TEARDOWN");

      HttpResponse<String> health =
          HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + serve.adminPort() + "/health")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
    } finally {
      ProcessHandle jvm = serve.jvm();
      serve.close();
      assertThat(jvm.isAlive()).as("the proxy (pid %d) stopped", jvm.pid()).isFalse();
      System.out.println("serve output:\n" + serve.output());
    }
  }

  /** Leaves the machine as it was: package gone, and the user and data directory if this test made them. */
  @AfterAll
  static void cleanUp() throws Exception {
    if (configDir != null) {
      deleteTree(configDir);
    }
    if (Run.of("dpkg-query", "-W", "-f=${Status}", "seamcache").out().contains("installed")) {
      Run.of("dpkg", "--purge", "seamcache");
    }
    if (!dataExisted && Files.exists(DATA, LinkOption.NOFOLLOW_LINKS)) {
      deleteTree(DATA);
    }
    if (!userExisted && Run.of("getent", "passwd", "seamcache").exit() == 0) {
      Run.of("deluser", "--system", "--quiet", "seamcache");
    }
  }

  private static void deleteTree(Path root) throws java.io.IOException {
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
