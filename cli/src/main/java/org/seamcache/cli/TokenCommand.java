package org.seamcache.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.seamcache.proxy.server.ViewerTokens;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code seamcache token}: mints a signed, expiring viewer token, as an operator's portal would, for
 * a proxy that runs with {@code --viewer-token required} and the same secret file.
 */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    header = "Mints a signed, expiring viewer token for one URL path.",
    description =
        "Prints the query to append to the viewer's URL, e.g. ?token=1767225600-3f2a... "
            + "(append &token=... instead when the URL already has a query). The token is an HMAC-SHA256 "
            + "under the secret file's bytes of the path, the expiry and, with --client, the viewer's address. "
            + "The proxy checks it with --viewer-token required and --viewer-token-secret FILE.",
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {ExitCodes.L0, ExitCodes.L1, ExitCodes.L2})
final class TokenCommand implements Callable<Integer> {
  /** Tokens that live longer than a year are a password in disguise. */
  static final long MAX_SECONDS = 366L * 86_400;

  @Option(names = "--secret-file", required = true, paramLabel = "FILE", description = "The proxy's --viewer-token-secret file.")
  Path secretFile;

  @Option(names = "--path", required = true, paramLabel = "PATH",
      description = "The URL path the token admits, as the viewer requests it from the proxy (/news, /origin.example.com:554/live), or the whole rtsp:// URL.")
  String path;

  @Option(names = "--expires", required = true, paramLabel = "DURATION", description = "How long the token is valid: 90s, 30m, 1h, 7d (at most 366d).")
  String expires;

  @Option(names = "--client", paramLabel = "ADDRESS", description = "Only a viewer connecting from this IP address may use the token.")
  String client;

  @Spec CommandSpec spec;

  private final Clock clock;

  TokenCommand() {
    this(Clock.systemUTC());
  }

  TokenCommand(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Integer call() {
    long seconds = durationSeconds(expires);
    if (seconds <= 0 || seconds > MAX_SECONDS) {
      return usage("--expires " + expires + ": a duration such as 90s, 30m, 1h or 7d, up to 366d");
    }
    String p;
    try {
      p = path.startsWith("rtsp://") || path.startsWith("rtsps://") ? new URI(path).getRawPath() : path;
    } catch (URISyntaxException e) {
      return usage("--path " + path + ": not a URL (" + e.getReason() + ")");
    }
    if (p == null || p.isEmpty() || p.contains("?") || p.contains(" ")) {
      return usage("--path " + path + ": a URL path such as /news, without a query");
    }
    InetAddress address = null;
    if (client != null) {
      if (!client.matches("[0-9A-Fa-f:.]+") || !(client.contains(".") || client.contains(":"))) {
        return usage("--client " + client + ": an IP address such as 192.0.2.7 or 2001:db8::7, not a name");
      }
      try {
        address = InetAddress.getByName(client); // a literal: no lookup
      } catch (java.net.UnknownHostException e) {
        return usage("--client " + client + ": not an IP address");
      }
    }
    ViewerTokens tokens;
    try {
      tokens = ViewerTokens.fromFile(secretFile, clock::millis);
    } catch (IOException e) {
      return usage("--secret-file " + secretFile + ": cannot be read (" + e.getClass().getSimpleName() + ")");
    } catch (IllegalArgumentException e) {
      return usage("--secret-file " + secretFile + ": " + e.getMessage());
    }
    long until = clock.instant().getEpochSecond() + seconds;
    spec.commandLine().getOut().println("?" + ViewerTokens.PARAM + "=" + tokens.mint(p, until, address));
    spec.commandLine().getOut().flush();
    return ExitCodes.OK;
  }

  private int usage(String message) {
    spec.commandLine().getErr().println("seamcache token: " + message);
    return ExitCodes.USAGE;
  }

  /** 90s, 30m, 1h, 7d, or a bare number of seconds; -1 when unreadable. */
  static long durationSeconds(String text) {
    String t = text.trim().toLowerCase(java.util.Locale.ROOT);
    if (!t.matches("[0-9]{1,9}[smhd]?")) {
      return -1;
    }
    char unit = t.charAt(t.length() - 1);
    long n = Long.parseLong(Character.isDigit(unit) ? t : t.substring(0, t.length() - 1));
    return switch (unit) {
      case 'm' -> n * 60;
      case 'h' -> n * 3600;
      case 'd' -> n * 86_400;
      default -> n;
    };
  }
}
