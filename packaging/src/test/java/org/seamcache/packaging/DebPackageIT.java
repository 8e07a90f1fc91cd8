package org.seamcache.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seamcache.cli.SeamcacheCommand;

/** The .deb inspected with dpkg-deb: control fields, conffiles, file list, unit and config contents. */
class DebPackageIT {

  @TempDir static Path extracted;

  @BeforeAll
  static void extract() throws Exception {
    assumeThat(onPath("dpkg-deb")).as("dpkg-deb is not installed: the .deb cannot be inspected here").isTrue();
    Run.of("dpkg-deb", "-x", Built.deb().toString(), extracted.toString()).ok();
  }

  @Test
  void controlNamesPackageVersionAndJavaDependency() throws Exception {
    String info = Run.of("dpkg-deb", "-I", Built.deb().toString()).ok();
    assertThat(info)
        .contains(" Package: seamcache\n", " Architecture: all\n", " Version: " + Built.version().replace("-SNAPSHOT", "~snapshot") + "\n")
        .contains(" Depends: default-jre-headless (>= 2:1.17) | java17-runtime-headless, adduser\n")
        .contains(" postinst ", " prerm ", " postrm ");
    String conffiles = Run.of("dpkg-deb", "-I", Built.deb().toString(), "conffiles").ok();
    assertThat(conffiles.strip().split("\n")).containsExactlyInAnyOrder("/etc/seamcache/seamcache.conf", "/etc/seamcache/jvm.options");
  }

  @Test
  void installsLauncherJarConfigUnitManPageAndCompletions() throws Exception {
    List<String> lines = Arrays.asList(Run.of("dpkg-deb", "-c", Built.deb().toString()).ok().split("\n"));
    List<String> files = lines.stream().filter(l -> !l.startsWith("d")).map(l -> l.substring(l.indexOf("./") + 1)).sorted().toList();
    assertThat(files)
        .containsExactly(
            "/etc/seamcache/jvm.options",
            "/etc/seamcache/seamcache.conf",
            "/lib/systemd/system/seamcache.service",
            "/usr/bin/seamcache -> ../share/seamcache/bin/seamcache",
            "/usr/share/bash-completion/completions/seamcache",
            "/usr/share/man/man1/seamcache.1.gz",
            "/usr/share/seamcache/bin/seamcache",
            "/usr/share/seamcache/conf -> /etc/seamcache",
            "/usr/share/seamcache/lib/seamcache.jar",
            "/usr/share/zsh/vendor-completions/_seamcache");
    assertThat(lines).anyMatch(l -> l.startsWith("-rwxr-xr-x root/root") && l.endsWith("./usr/share/seamcache/bin/seamcache"));
    // No /var/lib/seamcache in the package: dpkg would remove it with the package. postinst creates it.
    assertThat(lines).noneMatch(l -> l.contains("/var/lib"));
    try (var man = new GZIPInputStream(Files.newInputStream(extracted.resolve("usr/share/man/man1/seamcache.1.gz")))) {
      assertThat(new String(man.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)).startsWith(".TH SEAMCACHE 1").contains(".SS \"seamcache serve\"");
    }
  }

  @Test
  void unitRunsServeAsItsOwnUserWithStateDirectoryLimitsAndHardening() throws Exception {
    UnitFile unit = new UnitFile(Files.readString(extracted.resolve("lib/systemd/system/seamcache.service")));
    assertThat(unit.get("Service.ExecStart")).isEqualTo("/usr/bin/seamcache serve --config /etc/seamcache/seamcache.conf");
    assertThat(unit.get("Service.User")).isEqualTo("seamcache");
    assertThat(unit.get("Service.StateDirectory")).isEqualTo("seamcache");
    assertThat(unit.get("Service.LimitNOFILE")).isEqualTo("65536");
    assertThat(unit.get("Service.Restart")).isEqualTo("on-failure");
    assertThat(unit.get("Service.RestartPreventExitStatus")).isEqualTo("2");
    for (String on : List.of("NoNewPrivileges", "PrivateTmp", "ProtectHome", "PrivateDevices", "ProtectKernelTunables", "ProtectControlGroups", "RestrictSUIDSGID")) {
      assertThat(unit.get("Service." + on)).as(on).isEqualTo("yes");
    }
    assertThat(unit.get("Service.ProtectSystem")).isEqualTo("strict");
    assertThat(unit.get("Install.WantedBy")).isEqualTo("multi-user.target");
  }

  /**
   * The config documents exactly the keys serve reads (every option's, and route.NAME), no more
   * (serve refuses an unknown key), and points data-dir at the state directory.
   */
  @Test
  void configDocumentsEveryKeyServeReadsAndNoOther() throws Exception {
    String conf = Files.readString(extracted.resolve("etc/seamcache/seamcache.conf"));
    Set<String> accepted = configKeysFromServeHelp();
    assertThat(accepted).contains("rtsp-port", "data-dir", "route.", "allow-origin");

    Set<String> documented = new LinkedHashSet<>();
    Matcher m = Pattern.compile("(?m)^#?([a-z][a-z-]*(?:\\.)?)[A-Za-z0-9_-]*=").matcher(conf);
    while (m.find()) {
      documented.add(m.group(1));
    }
    assertThat(documented).containsExactlyInAnyOrderElementsOf(accepted);
    assertThat(conf).contains("\ndata-dir=/var/lib/seamcache\n");
  }

  /** The keys `seamcache serve --config` reads, from the command model (not a copy). */
  static Set<String> configKeysFromServeHelp() {
    var serve = SeamcacheCommand.newCommandLine().getSubcommands().get("serve").getCommandSpec();
    Set<String> keys = new LinkedHashSet<>(org.seamcache.cli.ServeDefaults.knownKeys(serve));
    keys.add("route.");
    keys.add("channel."); // channel.NAME=URL@OFFSETS, read by name like route.NAME
    return keys;
  }

  static boolean onPath(String tool) throws Exception {
    return Run.of("sh", "-c", "command -v " + tool).exit() == 0;
  }
}
