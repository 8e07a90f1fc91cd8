package org.seamcache.cli.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * How to start one relay the bench measures: a seamcache ({@code serve} and the bench's settings
 * are appended to its command; it says READY with its port) or another relay binary, whose
 * arguments and stream URL are templates with {@code {port}} (a free loopback port the bench picks)
 * and {@code {origin}} (the origin's live stream URL). Immutable.
 */
record RelayUnderTest(String name, boolean seamcacheServe, List<String> command, List<String> argsTemplate, String urlTemplate,
    List<String> jvmOptions, String jvmOptionsSource) {

  static RelayUnderTest seamcache(String name, SeamcacheLaunch launch, List<String> extraServeArgs) {
    return new RelayUnderTest(name, true, launch.command(), List.copyOf(extraServeArgs), null, launch.jvmOptions(), launch.optionsSource());
  }

  static RelayUnderTest binary(String name, String path, String argsTemplate, String urlTemplate) {
    List<String> args = argsTemplate.isBlank() ? List.of() : List.of(argsTemplate.trim().split("\\s+"));
    return new RelayUnderTest(name, false, List.of(path), args, urlTemplate, List.of(), "its own");
  }

  /** The full command for one start: {@code dataDir} for a seamcache, {@code port} and {@code originUrl} for a binary. */
  List<String> argv(int port, String originUrl, String dataDir, int maxSessions) {
    List<String> argv = new ArrayList<>(command);
    if (seamcacheServe) {
      String m = Integer.toString(maxSessions);
      argv.addAll(List.of("serve", "--rtsp-port", "0", "--admin-port", "-1", "--bind", "127.0.0.1", "--data-dir", dataDir,
          "--allow-origin", "127.0.0.0/8", "--max-sessions", m, "--max-sessions-per-client", m, "--max-connections-per-client", m));
      argv.addAll(argsTemplate);
    } else {
      argsTemplate.forEach(a -> argv.add(fill(a, port, originUrl)));
    }
    return argv;
  }

  /** Its stream's URL, once it listens on {@code port}; {@code originLive} is the origin's live stream. */
  String url(int port, java.net.URI originLive) {
    if (seamcacheServe) {
      return "rtsp://127.0.0.1:" + port + "/" + originLive.getRawAuthority() + originLive.getRawPath();
    }
    return fill(urlTemplate, port, originLive.toString());
  }

  private static String fill(String template, int port, String originUrl) {
    return template.replace("{port}", Integer.toString(port)).replace("{origin}", originUrl);
  }
}
