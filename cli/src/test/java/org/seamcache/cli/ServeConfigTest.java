package org.seamcache.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * serve's configuration: flags, environment and file in one model with one set of defaults. Every
 * mistake stops the start with exit 2 and one line naming the setting; precedence holds even when a
 * flag equals its default.
 */
class ServeConfigTest {
  @TempDir Path dir;

  private CliRun run(Map<String, String> env, String... args) {
    return CliRun.of(env, args);
  }

  private Path conf(String text) throws Exception {
    return Files.writeString(Files.createTempFile(dir, "seamcache", ".conf"), text);
  }

  /** file contents (| for a new line), extra flags (space-separated), what the one line must name. */
  @ParameterizedTest(name = "[{index}] {0} {1}")
  @CsvSource(delimiter = ';', value = {
      "alow-origin=127.0.0.0/8;;unknown key 'alow-origin' (did you mean 'allow-origin'?)",
      "min-fre-disk=1g;;unknown key 'min-fre-disk' (did you mean 'min-free-disk'?)",
      "rtsp-port=abc;;rtsp-port=abc: Invalid value for option '--rtsp-port': 'abc' is not an int",
      "rtsp-port=70000;;rtsp-port=70000: a port is 0-65535",
      ";--rtsp-port 70000;--rtsp-port 70000: a port is 0-65535",
      "admin-port=-5;;admin-port=-5: a port is 0-65535, or -1",
      ";--rtp-port 5001;--rtp-port 5001: an even UDP port",
      "leg-open-loss=150;;leg-open-loss=150: a percentage above 0 to 100",
      "leg-open-loss=1|leg-close-loss=2;;leg-close-loss=2: must be below config",
      "allow-origin=example.com/8;;allow-origin=example.com/8: 'example.com/8' is not an IP network",
      "allow-origin=10.0.0.0/33;;allow-origin=10.0.0.0/33:",
      "route.cam=http://origin/cam;;route.cam=http://origin/cam: an absolute rtsp://HOST[:PORT]/path URL",
      "route.c/m=rtsp://origin/cam;;route.c/m=rtsp://origin/cam: a route name is one path segment",
      "route.cam=rtsp://user:secret@origin:99999/cam;;route.cam=rtsp://***@origin:99999/cam:",
      "record=some;;record=some: all, none or routes",
      "record-routes=cam|route.cam=rtsp://origin/cam;;only used with --record routes",
      "record=routes|record-routes=yard|route.cam=rtsp://origin/cam;;no route named 'yard'; routes: cam",
      "min-free-disk=lots;;min-free-disk=lots: a size such as",
      "upstream-transport=sctp;;upstream-transport=sctp: udp (falls back to tcp) or tcp",
      ";--bind example.com;--bind example.com: an IP address such as",
      ";--rtsp-port 8081 --admin-port 8081;--admin-port 8081: the same port as --rtsp-port 8081",
      "log-level=loud;;log-level=loud: not a level",
      "drain-seconds=-1;;drain-seconds=-1: seconds, 0-3600",
      "viewer-allow=lan/8;;viewer-allow=lan/8: 'lan/8' is not an IP network",
      "viewer-user=alice;;viewer-user=***: NAME:PASSWORD, both non-empty",
      ";--viewer-user bob:;--viewer-user ***: NAME:PASSWORD",
      "viewer-auth=ntlm;;viewer-auth=ntlm: digest or basic",
      "route.cam=rtsp://origin/cam|route.cam.max-legs=0;;route.cam.max-legs=0: 1-8",
      "route.cam.max-legs=2;;route.cam.max-legs: no route named 'cam'",
      "route.cam=rtsp://origin/cam|route.cam.leg-open-loss=1|route.cam.leg-close-loss=1;;route.cam.leg-close-loss: 1.0 must be below the route's leg-open-loss 1.0",
      "route.cam=rtsp://origin/cam|route.cam.fill-window-ms=fast;;route.cam.fill-window-ms=fast: not a number",
      ";--max-legs 9;--max-legs 9: 1-8",
      "cache-max-age=soon;;cache-max-age=soon: seconds, 0-315360000, or none",
      "repair-window=night;;repair-window=night: HH:MM-HH:MM (local time; may wrap midnight), or always",
      "route.cam=rtsp://origin/cam|route.cam.repair=some;;route.cam.repair=some: whole or watched",
      "repair-max-bytes=big;;repair-max-bytes=big: a size such as",
      ";--report-url ftp://portal/r;--report-url ftp://portal/r: an http:// or https:// URL with a host",
      "route.cam=rtsp://origin/cam|route.cam.cache=maybe;;route.cam.cache=maybe: on or off",
      "route.cam.report-url=http://portal/r;;route.cam.report-url: no route named 'cam'",
      "route.cam=rtsp://origin/cam|route.cam.loop=twice;;route.cam.loop=twice: a loop count is 1-100000 or forever, not 'twice'",
      "route.cam.loop=2;;route.cam.loop=2: no route named 'cam'",
      "route.cam=rtsp://origin/cam|route.cam.time-shift-seconds=-1;;route.cam.time-shift-seconds=-1: seconds, 0-604800 (0: no time-shift)",
      "channel.film=rtsp://origin/film;;channel.film=rtsp://origin/film: channel film must be URL@OFFSETS",
      "channel.film=rtsp://origin/film@0,soon;;channel.film=rtsp://origin/film@0,soon: channel offset 'soon' must be a whole number with s, m or h",
      "channel.film=rtsp://origin/film@0,5m,5m;;channel film names offset 5m twice",
      "route.film=rtsp://origin/a|channel.film=rtsp://origin/film@0;;channel.film=rtsp://origin/film@0: a route has that name too",
      ";--channel film=http://origin/film@0;--channel film=http://origin/film@0: channel film: the source must be an rtsp:// URL",
      "channel.=rtsp://origin/film@0;;channel. needs a name",
      "channel.film=rtsp://origin/film@0,15m|channel.film.multicast=15m@10.1.2.3:5000;;channel.film.multicast=15m@10.1.2.3:5000: channel film.multicast: 10.1.2.3 is not a multicast address",
      "channel.film=rtsp://origin/film@0|channel.film.multicast=15m@239.1.2.3:5000;;channel film.multicast names offset 15m, which the channel does not have",
      "channel.film=rtsp://origin/film@0|channel.film.multicast=0@239.1.2.3:5000|channel.film.multicast-ttl=300;;channel.film.multicast-ttl=300: a whole number 1-255",
      "channel.cam.multicast=0@239.1.2.3:5000;;channel.cam.multicast: there is no channel cam (channel.cam=URL@OFFSETS)",
  })
  void aBadSettingStopsTheStartWithOneLineNamingIt(String file, String flags, String expected) throws Exception {
    List<String> args = new ArrayList<>(List.of("serve", "--data-dir", dir.resolve("data").toString()));
    if (file != null) {
      args.addAll(List.of("--config", conf(file.replace('|', '\n')).toString()));
    }
    if (flags != null) {
      args.addAll(List.of(flags.split(" ")));
    }
    CliRun r = run(Map.of(), args.toArray(String[]::new));
    assertThat(r.exit()).as(r.err()).isEqualTo(2);
    assertThat(r.err().lines()).as(r.err()).hasSize(1);
    assertThat(r.err()).startsWith("seamcache serve: ").contains(expected).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(dir.resolve("data")).as("nothing was created").doesNotExist();
  }

  @Test
  void aBadEnvironmentValueIsNamedByItsVariable() {
    CliRun r = run(Map.of("SEAMCACHE_MAX_LEGS", "0"), "serve", "--data-dir", dir.resolve("data").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip()).isEqualTo("seamcache serve: environment SEAMCACHE_MAX_LEGS=0: 1-8 (1: never open extra legs)");
  }

  @Test
  void aMissingConfigFileIsNamed() {
    CliRun r = run(Map.of(), "serve", "--config", dir.resolve("nope.conf").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip()).isEqualTo("seamcache serve: config " + dir.resolve("nope.conf") + ": cannot be read: no such file");
  }

  @Test
  void precedenceIsFlagThenEnvironmentThenFileThenDefaultEvenForAFlagAtItsDefault() throws Exception {
    Path c = conf("rtsp-port=9000\nadmin-port=9081\nmax-legs=2\nroute.cam=rtsp://alice:pw@origin/cam\nroute.cam.max-legs=1\nroute.cam.loop=forever\n"
        + "channel.film=rtsp://bob:pw@origin/film@0,15m\nchannel.film.multicast=15m@239.255.1.2:5000\nchannel.film.multicast-ttl=8\n");
    Map<String, String> env = Map.of("SEAMCACHE_ADMIN_PORT", "9181", "SEAMCACHE_MAX_LEGS", "1");
    CliRun r = run(env, "config", "show", "--config", c.toString(), "--rtsp-port", "8554", "--max-legs", "3", "--channel",
        "nvod=rtsp://origin/nvod@sdp:x-offsets");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out().lines())
        .contains("rtsp-port=8554    # flag --rtsp-port") // the flag equals the default and still wins over the file
        .contains("admin-port=9181    # environment SEAMCACHE_ADMIN_PORT") // environment over file
        .contains("max-legs=3    # flag --max-legs") // flag over environment
        .contains("session-timeout=60    # default")
        .contains("route.cam=rtsp://***@origin/cam    # config " + c)
        .contains("route.cam.max-legs=1    # config " + c)
        .contains("route.cam.loop=forever    # config " + c)
        .contains("channel.film=rtsp://***@origin/film@0,15m    # config " + c)
        .contains("channel.film.multicast=15m@239.255.1.2:5000    # config " + c)
        .contains("channel.film.multicast-ttl=8    # config " + c)
        .contains("channel.nvod=rtsp://origin/nvod@sdp:x-offsets    # flag --channel");
    assertThat(r.out()).doesNotContain("pw@");

    CliRun users = run(Map.of("SEAMCACHE_VIEWER_USER", "alice:topsecret,bob:hunter2"), "config", "show");
    assertThat(users.out().lines()).contains("viewer-user=alice:***,bob:***    # environment SEAMCACHE_VIEWER_USER");
    assertThat(users.out()).doesNotContain("topsecret").doesNotContain("hunter2");

    CliRun fileOnly = run(Map.of(), "config", "show", "--config", c.toString());
    assertThat(fileOnly.out().lines()).contains("rtsp-port=9000    # config " + c, "admin-port=9081    # config " + c);
    CliRun viaEnv = run(Map.of("SEAMCACHE_CONFIG", c.toString()), "config", "show");
    assertThat(viaEnv.out().lines()).contains("rtsp-port=9000    # config " + c);
  }

  @Test
  void configCheckSaysOkOrNamesTheProblem() throws Exception {
    Path good = conf("rtsp-port=554\nrecord=routes\nrecord-routes=cam\nroute.cam=rtsp://origin/cam\nmin-free-disk=2g\n");
    CliRun ok = run(Map.of("SEAMCACHE_RTSP_PORT", "bad"), "config", "check", good.toString());
    assertThat(ok.exit()).as(ok.err()).isZero();
    assertThat(ok.out().strip()).isEqualTo(good + ": ok");
    Path bad = conf("max-sessions=0\n");
    CliRun no = run(Map.of(), "config", "check", bad.toString());
    assertThat(no.exit()).isEqualTo(2);
    assertThat(no.err().strip()).isEqualTo("seamcache config check: config " + bad + ": max-sessions=0: 1-1000000");
  }

  @Test
  void aTakenPortIsNamedWithWhatItWasFor() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      CliRun r = run(Map.of(), "serve", "--bind", "127.0.0.1", "--rtsp-port", Integer.toString(taken.getLocalPort()), "--admin-port", "-1",
          "--data-dir", dir.resolve("data").toString(), "--record", "none");
      assertThat(r.exit()).isEqualTo(1);
      assertThat(r.err().strip()).isEqualTo("seamcache serve: cannot listen on the RTSP port for viewers (rtsp-port) at 127.0.0.1:"
          + taken.getLocalPort() + ": address already in use");
    }
  }
}
