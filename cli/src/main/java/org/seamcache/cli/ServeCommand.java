package org.seamcache.cli;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.seamcache.cli.logging.LogOptions;
import org.seamcache.proxy.ProxyConfig;
import org.seamcache.proxy.server.ConnectionLimits;
import org.seamcache.proxy.ProxyServer;
import org.seamcache.proxy.ProxyStartException;
import org.seamcache.proxy.record.RecordPolicy;
import org.seamcache.proxy.route.Cidr;
import org.seamcache.proxy.seam.SeamSettings;
import org.seamcache.storage.DiskBytes;
import org.seamcache.proxy.upstream.LegSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code seamcache serve}: runs the proxy until SIGTERM/SIGINT, then tears upstream sessions down. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the RTSP proxy.",
      "Viewers address content as rtsp://PROXY:PORT/ORIGIN-HOST[:PORT]/path, as a configured route",
      "rtsp://PROXY:PORT/NAME, or with an absolute Request-URI naming the origin (RTSP proxy semantics)."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:stopped cleanly", "1:could not start (the message says why)", "2:usage error"})
public final class ServeCommand implements Callable<Integer> {

  @Option(names = "--rtsp-port", defaultValue = "8554", description = "RTSP port for viewers (default ${DEFAULT-VALUE}; 0 = any free port).")
  int rtspPort;

  @Option(names = "--admin-port", defaultValue = "8081", description = "Admin HTTP port on loopback: /health, /status, /metrics (default ${DEFAULT-VALUE}; -1 = off).")
  int adminPort;

  @Option(names = "--bind", defaultValue = "0.0.0.0", description = "Address for the RTSP port and the UDP ports towards viewers (default ${DEFAULT-VALUE}).")
  String bind;

  @Option(names = "--rtp-port", defaultValue = "0", description = "Even UDP port the proxy sends RTP from (RTCP: +1); 0 = a free pair.")
  int rtpPort;

  @Option(names = "--data-dir", defaultValue = "./data", description = "Where recordings live (default ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--allow-origin", paramLabel = "CIDR", description = "Origin network the proxy may reach although it is private, loopback or link-local (repeatable), e.g. 127.0.0.0/8.")
  List<String> allowOrigins = new ArrayList<>();

  @Option(names = "--route", paramLabel = "NAME=URL", description = "Serve rtsp://PROXY/NAME from the origin URL (repeatable).")
  Map<String, String> routes = new LinkedHashMap<>();

  @Option(names = "--config", paramLabel = "FILE", description = "Properties file: rtsp-port, admin-port, bind, rtp-port, data-dir, record, record-routes (comma-separated), max-disk, allow-origin (comma-separated), route.NAME=URL, session-timeout, max-sessions, max-sessions-per-client, live-idle-seconds, upstream-transport, max-legs, max-legs-per-origin, fill-window-ms, leg-open-loss, leg-open-intervals, leg-close-loss, leg-close-hold-seconds, drain-seconds, log-level, log-format. Flags win over the file.")
  Path config;

  @Option(names = "--session-timeout", defaultValue = "60", description = "Viewer session timeout in seconds (default ${DEFAULT-VALUE}).")
  int sessionTimeout;

  @Option(names = "--max-sessions", defaultValue = "1000", description = "Sessions in total before 503 (default ${DEFAULT-VALUE}).")
  int maxSessions;

  @Option(names = "--max-sessions-per-client", defaultValue = "50", description = "Sessions per client address before 453 (default ${DEFAULT-VALUE}).")
  int maxSessionsPerClient;

  @Option(names = "--live-idle-seconds", defaultValue = "10", description = "Tear a live upstream down this long after its last viewer left (default ${DEFAULT-VALUE}).")
  int liveIdleSeconds;

  @Option(names = "--upstream-transport", defaultValue = "udp", description = "udp (falls back to tcp) or tcp (default ${DEFAULT-VALUE}).")
  String upstreamTransport;

  @Option(names = "--record", defaultValue = "all", description = "Which relayed contents are recorded: all, none or routes (default ${DEFAULT-VALUE}).")
  String record;

  @Option(names = "--record-route", paramLabel = "NAME", description = "With --record routes: record this route (repeatable; default: every route).")
  List<String> recordRoutes = new ArrayList<>();

  @Option(names = "--max-disk", defaultValue = "0", paramLabel = "SIZE", description = "Disk budget for recordings, e.g. 20g or 500m; least recently used contents are evicted whole (default 0 = unlimited).")
  String maxDisk;

  @Option(names = "--min-free-disk", defaultValue = "1g", paramLabel = "SIZE", description = "Recording stops (relaying goes on) when the data directory's disk has less free space (default ${DEFAULT-VALUE}).")
  String minFreeDisk;

  @Option(names = "--max-legs", defaultValue = "3", description = "Upstream legs per live content at most; loss opens extra legs that are seamed into one stream (default ${DEFAULT-VALUE}; 1 = never).")
  int maxLegs;

  @Option(names = "--max-legs-per-origin", defaultValue = "8", description = "Upstream legs to one origin host at most, over all its contents (default ${DEFAULT-VALUE}).")
  int maxLegsPerOrigin;

  @Option(names = "--fill-window-ms", defaultValue = "200", description = "How long a missing packet waits for a copy from another leg before viewers get a gap (default ${DEFAULT-VALUE}).")
  int fillWindowMillis;

  @Option(names = "--leg-open-loss", defaultValue = "1", paramLabel = "PERCENT", description = "Open an extra leg when even the best leg loses more than this per interval ... (default ${DEFAULT-VALUE}).")
  double legOpenLossPercent;

  @Option(names = "--leg-open-intervals", defaultValue = "3", description = "... for this many 1 s intervals in a row (default ${DEFAULT-VALUE}).")
  int legOpenIntervals;

  @Option(names = "--leg-close-loss", defaultValue = "0.2", paramLabel = "PERCENT", description = "Close an extra leg when the output and every leg lose less than this ... (default ${DEFAULT-VALUE}).")
  double legCloseLossPercent;

  @Option(names = "--leg-close-hold-seconds", defaultValue = "30", description = "... for this long (default ${DEFAULT-VALUE}).")
  int legCloseHoldSeconds;

  @Option(names = "--max-connections", defaultValue = "4096", description = "Viewer connections open at once before 503 (default ${DEFAULT-VALUE}).")
  int maxConnections;

  @Option(names = "--max-connections-per-client", defaultValue = "64", description = "Viewer connections from one client address before 503 (default ${DEFAULT-VALUE}).")
  int maxConnectionsPerClient;

  @Option(names = "--request-timeout-seconds", defaultValue = "10", description = "A request begun must arrive whole within this, or 408 and close (default ${DEFAULT-VALUE}).")
  int requestTimeoutSeconds;

  @Option(names = "--idle-timeout-seconds", defaultValue = "60", description = "Close a viewer connection with no session that sent nothing this long (default ${DEFAULT-VALUE}).")
  int idleTimeoutSeconds;

  @Option(names = "--max-upstream-per-connection", defaultValue = "8", description = "Upstream connections one viewer connection may hold before DESCRIBE gets 453 (default ${DEFAULT-VALUE}).")
  int maxUpstreamPerConnection;

  @Option(names = "--drain-seconds", defaultValue = "5", description = "On SIGTERM or SIGINT: viewers are told their stream ends and get this long to leave before the rest is closed (default ${DEFAULT-VALUE}).")
  int drainSeconds;

  /** --log-level and --log-format (config keys log-level, log-format), set up before anything logs. */
  @Mixin LogOptions logging = new LogOptions();

  @Override
  public Integer call() throws Exception {
    if (config != null) {
      applyConfigFile(config);
    }
    String logProblem = logging.apply();
    if (logProblem != null) {
      System.err.println("seamcache serve: " + logProblem);
      return ExitCodes.USAGE;
    }
    List<Cidr> allowed = new ArrayList<>();
    for (String c : allowOrigins) {
      for (String part : c.split(",")) {
        if (!part.isBlank()) {
          allowed.add(Cidr.parse(part));
        }
      }
    }
    Map<String, URI> routeUris = new LinkedHashMap<>();
    routes.forEach((name, url) -> routeUris.put(name, URI.create(url)));
    if (!upstreamTransport.equals("udp") && !upstreamTransport.equals("tcp")) {
      throw new IllegalArgumentException("--upstream-transport must be udp or tcp, not " + upstreamTransport);
    }
    LegSettings legs = LegSettings.defaults();
    legs = new LegSettings(upstreamTransport.equals("tcp"), legs.udpFallback(), legs.requestTimeout(), legs.originSilence());
    ProxyConfig cfg =
        new ProxyConfig(
            InetAddress.getByName(bind),
            rtspPort,
            InetAddress.getLoopbackAddress(),
            adminPort,
            rtpPort,
            dataDir,
            allowed,
            routeUris,
            sessionTimeout,
            maxSessions,
            maxSessionsPerClient,
            Duration.ofSeconds(liveIdleSeconds),
            legs,
            Math.max(2, Runtime.getRuntime().availableProcessors()),
            RecordPolicy.parse(record),
            Set.copyOf(recordRoutes),
            DiskBytes.parse(maxDisk).bytes(),
            DiskBytes.parse(minFreeDisk).bytes(),
            SeamSettings.defaults()
                .withMaxLegs(maxLegs)
                .withMaxLegsPerOrigin(maxLegsPerOrigin)
                .withFillWindow(Duration.ofMillis(fillWindowMillis))
                .withOpen(legOpenLossPercent / 100, legOpenIntervals)
                .withClose(legCloseLossPercent / 100, Duration.ofSeconds(legCloseHoldSeconds)),
            new ConnectionLimits(maxConnections, maxConnectionsPerClient, Duration.ofSeconds(requestTimeoutSeconds),
                Duration.ofSeconds(idleTimeoutSeconds), maxUpstreamPerConnection));
    Files.createDirectories(dataDir);
    ProxyServer server;
    try {
      server = ProxyServer.start(cfg, logging.levels());
    } catch (ProxyStartException e) {
      System.err.println("seamcache serve: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopRequested = new CountDownLatch(1);
    StopSignals.install(stopRequested::countDown);
    // Any other way out (System.exit elsewhere, a signal we do not handle) still closes cleanly.
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "seamcache-shutdown"));
    // Machine-readable line for scripts and tests that start the proxy on port 0.
    System.out.println("READY rtsp=" + server.rtspAddress().getPort() + " admin=" + (server.adminAddress() == null ? -1 : server.adminAddress().getPort()));
    System.out.flush();
    stopRequested.await();
    server.stop(Duration.ofSeconds(Math.max(0, drainSeconds)));
    return 0;
  }

  private void applyConfigFile(Path file) throws java.io.IOException {
    Properties p = new Properties();
    try (var in = Files.newBufferedReader(file)) {
      p.load(in);
    }
    // Flags given on the command line keep their values; the file fills in the rest.
    rtspPort = intOr(p, "rtsp-port", rtspPort, 8554);
    adminPort = intOr(p, "admin-port", adminPort, 8081);
    rtpPort = intOr(p, "rtp-port", rtpPort, 0);
    sessionTimeout = intOr(p, "session-timeout", sessionTimeout, 60);
    maxSessions = intOr(p, "max-sessions", maxSessions, 1000);
    maxSessionsPerClient = intOr(p, "max-sessions-per-client", maxSessionsPerClient, 50);
    liveIdleSeconds = intOr(p, "live-idle-seconds", liveIdleSeconds, 10);
    maxLegs = intOr(p, "max-legs", maxLegs, 3);
    maxLegsPerOrigin = intOr(p, "max-legs-per-origin", maxLegsPerOrigin, 8);
    fillWindowMillis = intOr(p, "fill-window-ms", fillWindowMillis, 200);
    legOpenIntervals = intOr(p, "leg-open-intervals", legOpenIntervals, 3);
    legCloseHoldSeconds = intOr(p, "leg-close-hold-seconds", legCloseHoldSeconds, 30);
    drainSeconds = intOr(p, "drain-seconds", drainSeconds, 5);
    legOpenLossPercent = doubleOr(p, "leg-open-loss", legOpenLossPercent, 1);
    legCloseLossPercent = doubleOr(p, "leg-close-loss", legCloseLossPercent, 0.2);
    if (bind.equals("0.0.0.0") && p.getProperty("bind") != null) {
      bind = p.getProperty("bind").trim();
    }
    if (dataDir.equals(Path.of("./data")) && p.getProperty("data-dir") != null) {
      dataDir = Path.of(p.getProperty("data-dir").trim());
    }
    if (upstreamTransport.equals("udp") && p.getProperty("upstream-transport") != null) {
      upstreamTransport = p.getProperty("upstream-transport").trim();
    }
    if (record.equals("all") && p.getProperty("record") != null) {
      record = p.getProperty("record").trim();
    }
    if (maxDisk.equals("0") && p.getProperty("max-disk") != null) {
      maxDisk = p.getProperty("max-disk").trim();
    }
    if (recordRoutes.isEmpty() && p.getProperty("record-routes") != null) {
      for (String r : p.getProperty("record-routes").split(",")) {
        if (!r.isBlank()) {
          recordRoutes.add(r.trim());
        }
      }
    }
    if (p.getProperty("allow-origin") != null) {
      allowOrigins.add(p.getProperty("allow-origin"));
    }
    logging.fillFrom(p);
    for (String key : p.stringPropertyNames()) {
      if (key.startsWith("route.")) {
        routes.putIfAbsent(key.substring("route.".length()), p.getProperty(key).trim());
      }
    }
  }

  private static double doubleOr(Properties p, String key, double current, double defaultValue) {
    String v = p.getProperty(key);
    if (v == null || current != defaultValue) {
      return current;
    }
    try {
      return Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("config " + key + "=" + v + " is not a number");
    }
  }

  private static int intOr(Properties p, String key, int current, int defaultValue) {
    String v = p.getProperty(key);
    if (v == null || current != defaultValue) {
      return current;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("config " + key + "=" + v + " is not a number");
    }
  }
}
