package org.seamcache.cli;

import java.net.InetAddress;
import java.net.URI;
import org.seamcache.proxy.cache.CachePolicy;
import org.seamcache.proxy.cache.RepairWindow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.seamcache.cli.logging.LogOptions;
import org.seamcache.proxy.ProxyConfig;
import org.seamcache.proxy.cache.LoopCount;
import org.seamcache.proxy.cluster.ClusterSettings;
import org.seamcache.proxy.cluster.RelayThresholds;
import org.seamcache.proxy.cluster.SiblingPolicy;
import org.seamcache.proxy.server.ConnectionLimits;
import org.seamcache.proxy.server.ClusterTokens;
import org.seamcache.proxy.server.ViewerAccess;
import org.seamcache.proxy.server.ViewerTokens;
import org.seamcache.proxy.ProxyServer;
import org.seamcache.proxy.ProxyStartException;
import org.seamcache.proxy.record.RecordPolicy;
import org.seamcache.proxy.route.Cidr;
import org.seamcache.proxy.seam.SeamSettings;
import org.seamcache.storage.DiskBytes;
import org.seamcache.proxy.upstream.LegSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
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
    defaultValueProvider = ServeDefaults.class,
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:stopped cleanly", "1:could not start (the message says why)", "2:usage or configuration error"})
public final class ServeCommand implements Callable<Integer> {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ServeCommand.class);


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

  @Option(names = "--viewer-allow", paramLabel = "CIDR", description = "Only viewers from this network may use the proxy (repeatable; default: any address); others get 403.")
  List<String> viewerAllow = new ArrayList<>();

  @Option(names = "--viewer-user", paramLabel = "NAME:PASSWORD", description = "Viewers must authenticate as one of these users (repeatable; default: no authentication), e.g. rtsp://NAME:PASSWORD@proxy/...")
  List<String> viewerUsers = new ArrayList<>();

  @Option(names = "--viewer-auth", defaultValue = "digest", description = "How viewers authenticate: digest, or basic (sends the password in clear) (default ${DEFAULT-VALUE}).")
  String viewerAuth;

  @Option(names = "--route", paramLabel = "NAME=URL", description = "Serve rtsp://PROXY/NAME from the origin URL (repeatable).")
  Map<String, String> routes = new LinkedHashMap<>();

  @Option(names = "--channel", paramLabel = "NAME=URL@OFFSETS", description = "A time-offset channel: the URL fetched once (recorded) from the start, served at rtsp://PROXY/NAME/OFFSET for each offset (0, 90s, 15m, 2h), e.g. film15=rtsp://origin/film@0,15m,30m, or URL@sdp:NAME / URL@header:NAME for the offsets the origin's DESCRIBE answer gives (repeatable; channel.NAME= in the config file).")
  Map<String, String> channels = new LinkedHashMap<>();

  @Option(names = "--config", paramLabel = "FILE", description = "Properties file: every option below by its name without the dashes (rtsp-port=8554; lists comma-separated), record-routes for --record-route, route.NAME=URL for --route. Precedence: flag > environment (SEAMCACHE_RTSP_PORT for rtsp-port, SEAMCACHE_CONFIG for this file) > file > default; an unknown key or a bad value stops the start with exit 2. Check a file with seamcache config check FILE.")
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

  @Option(names = "--max-upstream", defaultValue = "1024", description = "Upstream sessions open at once over the whole proxy (viewers', extra legs, repairs); a new content beyond gets 503 (default ${DEFAULT-VALUE}).")
  int maxUpstream;

  @Option(names = "--drain-seconds", defaultValue = "5", description = "On SIGTERM or SIGINT: viewers are told their stream ends and get this long to leave before the rest is closed (default ${DEFAULT-VALUE}).")
  volatile int drainSeconds; // a reload may change it

  @Option(names = "--viewer-token", defaultValue = "off", description = "off, or required: every viewer request but OPTIONS needs a signed, unexpired token in its URL (?token=, minted by seamcache token), or follows one on its connection or session; others get 403 (default ${DEFAULT-VALUE}).")
  String viewerToken;

  @Option(names = "--viewer-token-secret", paramLabel = "FILE", description = "The secret viewer tokens are signed with (at least 16 bytes; trailing white space ignored). Needed by --viewer-token required and route.NAME.viewer-token=required.")
  Path viewerTokenSecret;

  @Option(names = "--cache-max-age", defaultValue = "none", paramLabel = "SECONDS", description = "How long a cached title whose origin sent no Cache-Control max-age is served before it is revalidated with the origin; none: no bound (default ${DEFAULT-VALUE}).")
  String cacheMaxAge;

  @Option(names = "--repair-window", defaultValue = "always", paramLabel = "HH:MM-HH:MM", description = "Local hours in which partial titles are repaired and prefetches run (may wrap midnight); outside them such work waits for the window to open. Viewers are served at any time (default ${DEFAULT-VALUE}).")
  String repairWindow;

  @Option(names = "--repair-max-bytes", defaultValue = "0", paramLabel = "SIZE", description = "A title whose whole size (estimated from what was recorded) is above this is repaired only where it was watched, not fetched whole; 0: no cap (default ${DEFAULT-VALUE}).")
  String repairMaxBytes;

  @Option(names = "--report-url", paramLabel = "URL", description = "Report each session served from the cache (pay-per-view) to this http(s) endpoint as JSON; journaled on disk and retried until taken.")
  String reportUrl;

  @Option(names = "--cluster", description = "Join the cluster coordinated by this ZooKeeper ensemble (host:port,host:port[/chroot]); not set: this node alone, no engine (the default).")
  String cluster;

  @Option(names = "--node-id", description = "This node's name in the cluster (default: the host name).")
  String nodeId;

  @Option(names = "--node-url", description = "Where viewers reach this node, rtsp://host[:port]; siblings redirect viewers here (default: rtsp://HOST-NAME:RTSP-PORT).")
  String nodeUrl;

  @Option(names = "--zone", defaultValue = "", description = "This node's zone or rack; a sibling in the same zone is preferred.")
  String zone;

  @Option(names = "--cluster-session-seconds", defaultValue = "6", description = "A node silent this long leaves the cluster with all its entries (default ${DEFAULT-VALUE}; ZooKeeper bounds it to 2-20 of its ticks).")
  int clusterSessionSeconds;

  @Option(names = "--cluster-policy", defaultValue = "redirect", description = "A stored title this node does not hold but a sibling holds complete: redirect (RTSP 302 to the sibling), fetch (from the sibling, recorded here; repairs too) or origin (default ${DEFAULT-VALUE}); route.NAME.cluster-policy per route.")
  String clusterPolicy;

  @Option(names = "--cluster-secret", paramLabel = "FILE", description = "The cluster secret (at least 16 bytes; trailing white space ignored; the same file on every node): requests between nodes, and viewers redirected to a sibling, carry a token signed with it, which the sibling admits without checking the viewer again; a node refuses a cluster token it cannot verify. Not set: siblings judge such requests by their viewer rules.")
  Path clusterSecret;

  @Option(names = "--relay-above", defaultValue = "0", paramLabel = "VIEWERS", description = "A live stream with more viewers than this on one node gets a relay: the cluster's leader assigns another node, which pulls the stream from this one and takes its new viewers (302); and a node without a live stream pulls it from a sibling carrying it, not the origin; 0: never (default ${DEFAULT-VALUE}); route.NAME.relay-above per route.")
  int relayAbove;

  @Option(names = "--relay-below", defaultValue = "0", paramLabel = "VIEWERS", description = "A relay node whose viewers of the stream fall below this is released (it ceases, the first node stops feeding it); 1 to --relay-above; 0: half of --relay-above, at least 1 (default ${DEFAULT-VALUE}); route.NAME.relay-below per route.")
  int relayBelow;

  /** --log-level and --log-format (config keys log-level, log-format), set up before anything logs. */
  @Mixin LogOptions logging = new LogOptions();

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    ProxyConfig cfg;
    try {
      cfg = proxyConfig();
    } catch (ConfigProblem p) {
      spec.commandLine().getErr().println("seamcache serve: " + p.getMessage());
      return ExitCodes.USAGE;
    }
    logging.apply();
    Files.createDirectories(dataDir);
    ProxyServer server;
    try {
      server = ProxyServer.start(cfg, logging.levels(), BuildVersion.buildInfo());
    } catch (ProxyStartException e) {
      spec.commandLine().getErr().println("seamcache serve: " + e.getMessage());
      return ExitCodes.FAILURE;
    }
    CountDownLatch stopRequested = new CountDownLatch(1);
    StopSignals.install(stopRequested::countDown, () -> reload(server));
    // Any other way out (System.exit elsewhere, a signal we do not handle) still closes cleanly.
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "seamcache-shutdown"));
    // Machine-readable line for scripts and tests that start the proxy on port 0.
    System.out.println("READY rtsp=" + server.rtspAddress().getPort() + " admin=" + (server.adminAddress() == null ? -1 : server.adminAddress().getPort()));
    System.out.flush();
    stopRequested.await();
    server.stop(Duration.ofSeconds(drainSeconds)); // as last reloaded
    return 0;
  }

  /**
   * SIGHUP: reads the configuration again (the same command line, the environment as it was, the
   * file as it is now) and applies what can change while running; a file with a mistake changes
   * nothing. Every change is one log line, or says it needs a restart.
   */
  private void reload(ProxyServer server) {
    java.io.StringWriter problem = new java.io.StringWriter();
    List<String> args = spec.commandLine().getParseResult().originalArgs(); // the whole command line: seamcache's and serve's
    int self = args.indexOf(spec.name());
    ServeCommand next = ConfigCommand.parsedServe(defaults().env(), args.subList(self + 1, args.size()),
        new java.io.PrintWriter(problem, true), "configuration");
    if (next == null) {
      log.warn("SIGHUP: not reloaded, the running configuration stays: {}", problem.toString().strip());
      return;
    }
    List<String> report = new ArrayList<>();
    try {
      report.addAll(server.reload(next.proxyConfig()));
    } catch (ConfigProblem p) {
      log.warn("SIGHUP: not reloaded, the running configuration stays: {}", p.getMessage()); // checked in parsedServe already
      return;
    }
    if (!next.logging.level().equals(logging.level())) {
      try {
        logging.levels().set("root", next.logging.level());
        report.add("log-level: " + logging.level() + " -> " + next.logging.level());
        logging = next.logging;
      } catch (RuntimeException e) {
        report.add("log-level: not changed: " + e.getMessage());
      }
    }
    if (!next.logging.format().equals(logging.format())) {
      report.add("log-format: changed, needs a restart");
    }
    if (next.drainSeconds != drainSeconds) {
      report.add("drain-seconds: " + drainSeconds + " -> " + next.drainSeconds);
      drainSeconds = next.drainSeconds;
    }
    if (report.isEmpty()) {
      log.info("SIGHUP: configuration read again; nothing changed");
    }
    for (String line : report) {
      log.info("SIGHUP: {}", line);
    }
  }

  /** A setting that cannot be used: the message names where it came from, the value and what is allowed. */
  static final class ConfigProblem extends Exception {
    ConfigProblem(String message) {
      super(message, null, false, false);
    }
  }

  private ServeDefaults defaults() {
    return spec.defaultValueProvider() instanceof ServeDefaults d ? d : new ServeDefaults(Map.of());
  }

  /** Where {@code option}'s value came from, with the value: {@code --x 5}, {@code config F: x=5}, {@code environment SEAMCACHE_X=5}. */
  String source(String option, Object value) {
    return defaults().source(spec, option, value);
  }

  /** Where {@code option}'s value came from, in a word: a flag, the environment, the config file or the default. */
  String origin(String option) {
    return defaults().origin(spec, option);
  }

  private int range(String option, int value, int lo, int hi, String what) throws ConfigProblem {
    if (value < lo || value > hi) {
      throw new ConfigProblem(source(option, value) + ": " + what);
    }
    return value;
  }

  private double percent(String option, double value, boolean zeroAllowed) throws ConfigProblem {
    if (!(value <= 100) || value < 0 || (!zeroAllowed && value == 0)) {
      throw new ConfigProblem(source(option, value) + ": a percentage " + (zeroAllowed ? "from 0" : "above 0") + " to 100");
    }
    return value;
  }

  /** Every setting checked and put together; nothing is started or looked up in DNS. */
  ProxyConfig proxyConfig() throws ConfigProblem {
    String levelProblem = logging.levelProblem();
    if (levelProblem != null) {
      throw new ConfigProblem(source("--log-level", logging.level()) + ": " + levelProblem);
    }
    String formatProblem = logging.formatProblem();
    if (formatProblem != null) {
      throw new ConfigProblem(source("--log-format", logging.format()) + ": " + formatProblem);
    }
    range("--rtsp-port", rtspPort, 0, 65535, "a port is 0-65535 (0: any free port)");
    range("--admin-port", adminPort, -1, 65535, "a port is 0-65535, or -1 for no admin port");
    if (rtpPort != 0 && (rtpPort % 2 != 0 || rtpPort < 1024 || rtpPort > 65534)) {
      throw new ConfigProblem(source("--rtp-port", rtpPort) + ": an even UDP port 1024-65534 (RTCP takes the next), or 0 for any free pair");
    }
    if (rtspPort != 0 && rtspPort == adminPort) {
      throw new ConfigProblem(source("--admin-port", adminPort) + ": the same port as " + source("--rtsp-port", rtspPort)
          + "; they must differ");
    }
    InetAddress bindAddress = literalAddress("--bind", bind);
    range("--session-timeout", sessionTimeout, 1, 86_400, "seconds, 1-86400");
    range("--max-sessions", maxSessions, 1, 1_000_000, "1-1000000");
    range("--max-sessions-per-client", maxSessionsPerClient, 1, 1_000_000, "1-1000000");
    range("--live-idle-seconds", liveIdleSeconds, 0, 86_400, "seconds, 0-86400");
    range("--max-legs", maxLegs, 1, 8, "1-8 (1: never open extra legs)");
    range("--max-legs-per-origin", maxLegsPerOrigin, 1, 10_000, "1-10000");
    range("--fill-window-ms", fillWindowMillis, 1, 10_000, "milliseconds, 1-10000");
    percent("--leg-open-loss", legOpenLossPercent, false);
    range("--leg-open-intervals", legOpenIntervals, 1, 3600, "1-3600 intervals");
    percent("--leg-close-loss", legCloseLossPercent, true);
    if (legCloseLossPercent >= legOpenLossPercent) {
      throw new ConfigProblem(source("--leg-close-loss", legCloseLossPercent) + ": must be below " + source("--leg-open-loss", legOpenLossPercent)
          + ", or legs would open and close in turn");
    }
    range("--leg-close-hold-seconds", legCloseHoldSeconds, 0, 86_400, "seconds, 0-86400");
    range("--max-connections", maxConnections, 1, 1_000_000, "1-1000000");
    range("--max-connections-per-client", maxConnectionsPerClient, 1, 1_000_000, "1-1000000");
    range("--request-timeout-seconds", requestTimeoutSeconds, 1, 3600, "seconds, 1-3600");
    range("--idle-timeout-seconds", idleTimeoutSeconds, 1, 86_400, "seconds, 1-86400");
    range("--max-upstream-per-connection", maxUpstreamPerConnection, 1, 1000, "1-1000");
    range("--max-upstream", maxUpstream, 1, 1_000_000, "1-1000000");
    range("--drain-seconds", drainSeconds, 0, 3600, "seconds, 0-3600");
    if (!upstreamTransport.equals("udp") && !upstreamTransport.equals("tcp")) {
      throw new ConfigProblem(source("--upstream-transport", upstreamTransport) + ": udp (falls back to tcp) or tcp");
    }
    RecordPolicy recordPolicy;
    try {
      recordPolicy = RecordPolicy.parse(record);
    } catch (IllegalArgumentException e) {
      throw new ConfigProblem(source("--record", record) + ": all, none or routes");
    }
    long maxDiskBytes = size("--max-disk", maxDisk);
    long minFreeDiskBytes = size("--min-free-disk", minFreeDisk);
    if (Files.exists(dataDir) && !Files.isDirectory(dataDir)) {
      throw new ConfigProblem(source("--data-dir", dataDir) + ": exists and is not a directory");
    }

    List<Cidr> allowed = networks("--allow-origin", allowOrigins);
    Map<String, URI> routeUris = new LinkedHashMap<>();
    Map<String, String> allRoutes = new LinkedHashMap<>(defaults().fileRoutes());
    allRoutes.putAll(routes); // a flag wins over the file's route of the same name
    for (Map.Entry<String, String> r : allRoutes.entrySet()) {
      routeUris.put(r.getKey(), route(r.getKey(), r.getValue()));
    }
    List<String> recorded = new ArrayList<>();
    for (String r : recordRoutes) {
      for (String part : r.split(",")) {
        if (!part.isBlank()) {
          recorded.add(part.trim());
        }
      }
    }
    if (!recorded.isEmpty() && recordPolicy != RecordPolicy.ROUTES) {
      throw new ConfigProblem(source("--record-route", String.join(",", recorded)) + ": only used with --record routes, but "
          + source("--record", record));
    }
    for (String r : recorded) {
      if (!routeUris.containsKey(r)) {
        throw new ConfigProblem(source("--record-route", String.join(",", recorded)) + ": no route named '" + r + "'; routes: "
            + (routeUris.isEmpty() ? "none" : String.join(", ", routeUris.keySet())));
      }
    }
    ViewerTokens viewerTokens = viewerTokens();
    ViewerAccess viewers = viewerAccess().withTokens(viewerTokens, viewerToken.equals("required"));
    SeamSettings seaming = SeamSettings.defaults()
        .withMaxLegs(maxLegs)
        .withMaxLegsPerOrigin(maxLegsPerOrigin)
        .withFillWindow(Duration.ofMillis(fillWindowMillis))
        .withOpen(legOpenLossPercent / 100, legOpenIntervals)
        .withClose(legCloseLossPercent / 100, Duration.ofSeconds(legCloseHoldSeconds));
    LegSettings legs = LegSettings.defaults();
    legs = new LegSettings(upstreamTransport.equals("tcp"), legs.udpFallback(), legs.requestTimeout(), legs.originSilence());
    return new ProxyConfig(
        bindAddress,
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
        recordPolicy,
        Set.copyOf(recorded),
        maxDiskBytes,
        minFreeDiskBytes,
        seaming,
        new ConnectionLimits(maxConnections, maxConnectionsPerClient, Duration.ofSeconds(requestTimeoutSeconds),
            Duration.ofSeconds(idleTimeoutSeconds), maxUpstreamPerConnection, maxUpstream),
        viewers.withRoutes(RouteViewerRules.parse(defaults().fileRouteSettings(), "config " + defaults().filePath(), viewers.global(),
            routeUris.keySet(), viewerTokens != null)),
        routeSeaming(seaming, routeUris.keySet()),
        cachePolicy(routeUris.keySet()),
        clusterSettings(routeUris.keySet(), bindAddress))
        .withRouteLoops(routeLoops(routeUris.keySet()))
        .withRouteTimeShift(routeTimeShift(routeUris.keySet()))
        .withChannels(channels(routeUris.keySet()));
  }

  /** Time-offset channels: {@code --channel NAME=URL@OFFSETS} and the file's {@code channel.NAME=} (a flag wins per name). */
  private List<org.seamcache.proxy.onward.ChannelSpec> channels(Set<String> routeNames) throws ConfigProblem {
    Map<String, String> all = new LinkedHashMap<>(defaults().fileChannels());
    all.putAll(channels);
    List<org.seamcache.proxy.onward.ChannelSpec> specs = new ArrayList<>();
    for (Map.Entry<String, String> c : all.entrySet()) {
      String where = channels.containsKey(c.getKey()) ? "--channel " + c.getKey() + "=" + redacted(c.getValue())
          : "config " + defaults().filePath() + ": channel." + c.getKey() + "=" + redacted(c.getValue());
      if (routeNames.contains(c.getKey())) {
        throw new ConfigProblem(where + ": a route has that name too (both would be rtsp://PROXY/" + c.getKey() + ")");
      }
      try {
        specs.add(org.seamcache.proxy.onward.ChannelSpec.parse(c.getKey(), c.getValue()));
      } catch (IllegalArgumentException e) {
        throw new ConfigProblem(where + ": " + e.getMessage());
      }
    }
    return withMulticast(specs);
  }

  /**
   * Multicast out: the file's {@code channel.NAME.multicast=OFFSET@GROUP:PORT,...} and {@code
   * channel.NAME.multicast-ttl=N} (default 1) added to the channel they name.
   */
  private List<org.seamcache.proxy.onward.ChannelSpec> withMulticast(List<org.seamcache.proxy.onward.ChannelSpec> specs) throws ConfigProblem {
    Map<String, Map<String, String>> settings = defaults().fileChannelSettings();
    List<org.seamcache.proxy.onward.ChannelSpec> out = new ArrayList<>();
    for (org.seamcache.proxy.onward.ChannelSpec spec : specs) {
      Map<String, String> kv = settings.getOrDefault(spec.name(), Map.of());
      String where = "config " + defaults().filePath() + ": channel." + spec.name() + ".";
      int ttl = org.seamcache.proxy.onward.ChannelMulticast.DEFAULT_TTL;
      if (kv.containsKey("multicast-ttl")) {
        try {
          ttl = Integer.parseInt(kv.get("multicast-ttl"));
        } catch (NumberFormatException e) {
          ttl = -1;
        }
        if (ttl < 1 || ttl > 255) {
          throw new ConfigProblem(where + "multicast-ttl=" + kv.get("multicast-ttl") + ": a whole number 1-255 (1: this link only)");
        }
      }
      if (!kv.containsKey("multicast")) {
        out.add(spec);
        continue;
      }
      try {
        out.add(spec.withMulticast(org.seamcache.proxy.onward.ChannelMulticast.parse(spec.name(), kv.get("multicast"), ttl)));
      } catch (IllegalArgumentException e) {
        throw new ConfigProblem(where + "multicast=" + kv.get("multicast") + ": " + e.getMessage());
      }
    }
    for (String name : settings.keySet()) {
      if (specs.stream().noneMatch(s -> s.name().equals(name))) {
        throw new ConfigProblem(where(name) + ": there is no channel " + name + " (channel." + name + "=URL@OFFSETS)");
      }
    }
    return out;
  }

  private String where(String channel) {
    return "config " + defaults().filePath() + ": channel." + channel + "." + String.join(",", defaults().fileChannelSettings().get(channel).keySet());
  }

  /** Standalone without --cluster; else the node's identity in it and what it does with siblings' titles. */
  private ClusterSettings clusterSettings(Set<String> routeNames, InetAddress bindAddress) throws ConfigProblem {
    SiblingPolicy policy;
    try {
      policy = SiblingPolicy.parse(clusterPolicy);
    } catch (IllegalArgumentException e) {
      throw new ConfigProblem(source("--cluster-policy", clusterPolicy) + ": redirect, fetch or origin");
    }
    Map<String, SiblingPolicy> byRoute = new LinkedHashMap<>();
    for (Map.Entry<String, Map<String, String>> r : defaults().fileRouteSettings().entrySet()) {
      String v = r.getValue().get("cluster-policy");
      if (v == null) {
        continue;
      }
      String at = "config " + defaults().filePath() + ": route." + r.getKey() + ".cluster-policy=" + v;
      if (!routeNames.contains(r.getKey())) {
        throw new ConfigProblem(at + ": no route named '" + r.getKey() + "'");
      }
      try {
        byRoute.put(r.getKey(), SiblingPolicy.parse(v));
      } catch (IllegalArgumentException e) {
        throw new ConfigProblem(at + ": redirect, fetch or origin");
      }
    }
    if (cluster == null || cluster.isBlank()) {
      return new ClusterSettings(null, null, null, zone, ClusterSettings.DEFAULT_SESSION_TIMEOUT, ClusterSettings.DEFAULT_PUBLISH_INTERVAL, policy, byRoute);
    }
    range("--cluster-session-seconds", clusterSessionSeconds, 1, 60, "seconds, 1-60");
    String host = hostName();
    String id = nodeId == null || nodeId.isBlank() ? host : nodeId.trim();
    URI url;
    try {
      url = nodeUrl == null || nodeUrl.isBlank()
          ? URI.create("rtsp://" + (bindAddress.isAnyLocalAddress() ? host : bindAddress.getHostAddress()) + ":" + rtspPort)
          : new URI(nodeUrl.trim());
    } catch (java.net.URISyntaxException e) {
      throw new ConfigProblem(source("--node-url", nodeUrl) + ": not a URL (" + e.getReason() + ")");
    }
    try {
      ClusterSettings joined = new ClusterSettings(cluster.trim(), id, url, zone, Duration.ofSeconds(clusterSessionSeconds),
          ClusterSettings.DEFAULT_PUBLISH_INTERVAL, policy, byRoute).withTokens(clusterTokens());
      RelayThresholds relays = relayThresholds(relayBelow != 0 ? source("--relay-below", relayBelow) : source("--relay-above", relayAbove),
          relayAbove, relayBelow);
      return joined.withRelays(relays, routeRelays(routeNames, relays));
    } catch (IllegalArgumentException e) {
      String option = e.getMessage().startsWith("node id") ? "--node-id" : "--node-url";
      throw new ConfigProblem(source(option, option.equals("--node-id") ? id : url) + ": " + e.getMessage());
    }
  }

  /** Relay thresholds from {@code above} and {@code below} (0: half of {@code above}); {@code at} names where they came from. */
  private static RelayThresholds relayThresholds(String at, int above, int below) throws ConfigProblem {
    try {
      return below == 0 ? RelayThresholds.above(above) : new RelayThresholds(above, below);
    } catch (IllegalArgumentException e) {
      throw new ConfigProblem(at + ": " + e.getMessage());
    }
  }

  /** The file's route.NAME.relay-above / relay-below, each route's over the node's thresholds. */
  private Map<String, RelayThresholds> routeRelays(Set<String> routeNames, RelayThresholds node) throws ConfigProblem {
    Map<String, RelayThresholds> out = new LinkedHashMap<>();
    for (Map.Entry<String, Map<String, String>> r : defaults().fileRouteSettings().entrySet()) {
      String above = r.getValue().get("relay-above");
      String below = r.getValue().get("relay-below");
      if (above == null && below == null) {
        continue;
      }
      String at = "config " + defaults().filePath() + ": route." + r.getKey() + ".relay-" + (above != null ? "above=" + above : "below=" + below);
      if (!routeNames.contains(r.getKey())) {
        throw new ConfigProblem(at + ": no route named '" + r.getKey() + "'");
      }
      try {
        int a = above == null ? node.above() : Integer.parseInt(above.trim());
        int b = below == null ? (above == null ? node.below() : 0) : Integer.parseInt(below.trim());
        out.put(r.getKey(), relayThresholds(at, a, b));
      } catch (NumberFormatException e) {
        throw new ConfigProblem(at + ": a whole number of viewers");
      }
    }
    return out;
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      return "localhost";
    }
  }

  /**
   * Onward streams: {@code route.NAME.time-shift-seconds} in the file, how far back the route's live
   * viewers may play from the recording (0: not at all).
   */
  private Map<String, Duration> routeTimeShift(Set<String> routeNames) throws ConfigProblem {
    Map<String, Duration> out = new LinkedHashMap<>();
    for (Map.Entry<String, Map<String, String>> r : defaults().fileRouteSettings().entrySet()) {
      String value = r.getValue().get("time-shift-seconds");
      if (value == null) {
        continue;
      }
      String at = "config " + defaults().filePath() + ": route." + r.getKey() + ".time-shift-seconds=" + value;
      if (!routeNames.contains(r.getKey())) {
        throw new ConfigProblem(at + ": no route named '" + r.getKey() + "'");
      }
      double v;
      try {
        v = Double.parseDouble(value);
      } catch (NumberFormatException e) {
        throw new ConfigProblem(at + ": not a number");
      }
      out.put(r.getKey(), Duration.ofSeconds(whole(at, v, 0, 604_800, "seconds, 0-604800 (0: no time-shift)")));
    }
    return out;
  }

  /**
   * Onward streams: {@code route.NAME.loop=N|forever} in the file, how many times the route's stored
   * titles play when served from disk (as one continuous stream).
   */
  private Map<String, LoopCount> routeLoops(Set<String> routeNames) throws ConfigProblem {
    Map<String, LoopCount> out = new LinkedHashMap<>();
    for (Map.Entry<String, Map<String, String>> r : defaults().fileRouteSettings().entrySet()) {
      String value = r.getValue().get("loop");
      if (value == null) {
        continue;
      }
      String at = "config " + defaults().filePath() + ": route." + r.getKey() + ".loop=" + value;
      if (!routeNames.contains(r.getKey())) {
        throw new ConfigProblem(at + ": no route named '" + r.getKey() + "'");
      }
      try {
        out.put(r.getKey(), LoopCount.parse(value));
      } catch (IllegalArgumentException e) {
        throw new ConfigProblem(at + ": " + e.getMessage());
      }
    }
    return out;
  }

  /** --cache-max-age and --report-url, and a route's own {@code cache}, {@code cache-max-age} and {@code report-url}. */
  private CachePolicy cachePolicy(Set<String> routeNames) throws ConfigProblem {
    Duration maxAge = cacheMaxAge.equals("none") ? null : maxAge(source("--cache-max-age", cacheMaxAge), cacheMaxAge);
    URI report = reportUrl == null || reportUrl.isBlank() ? null : reportUrl(source("--report-url", reportUrl), reportUrl);
    Map<String, Duration> routeMaxAge = new LinkedHashMap<>();
    Map<String, URI> routeReport = new LinkedHashMap<>();
    Set<String> uncached = new java.util.TreeSet<>();
    Set<String> watchedOnly = new java.util.TreeSet<>();
    for (Map.Entry<String, Map<String, String>> r : defaults().fileRouteSettings().entrySet()) {
      String where = "config " + defaults().filePath() + ": route." + r.getKey() + ".";
      for (Map.Entry<String, String> kv : r.getValue().entrySet()) {
        String at = where + kv.getKey() + "=" + kv.getValue();
        if (CACHE_KEYS.contains(kv.getKey()) && !routeNames.contains(r.getKey())) {
          throw new ConfigProblem(at + ": no route named '" + r.getKey() + "'");
        }
        switch (kv.getKey()) {
          case "cache-max-age" -> {
            if (!kv.getValue().equals("none")) {
              routeMaxAge.put(r.getKey(), maxAge(at, kv.getValue()));
            }
          }
          case "report-url" -> routeReport.put(r.getKey(), reportUrl(at, kv.getValue()));
          case "repair" -> {
            switch (kv.getValue()) {
              case "whole" -> { }
              case "watched" -> watchedOnly.add(r.getKey());
              default -> throw new ConfigProblem(at + ": whole or watched (watched: a repair fetches only the gaps inside what was watched)");
            }
          }
          case "cache" -> {
            switch (kv.getValue()) {
              case "on" -> { }
              case "off" -> uncached.add(r.getKey());
              default -> throw new ConfigProblem(at + ": on or off (off: never served from the cache, nor recorded)");
            }
          }
          default -> { } // seaming and viewer keys: read elsewhere
        }
      }
    }
    RepairWindow window;
    try {
      window = RepairWindow.parse(repairWindow);
    } catch (IllegalArgumentException e) {
      throw new ConfigProblem(source("--repair-window", repairWindow) + ": " + e.getMessage());
    }
    return new CachePolicy(maxAge, routeMaxAge, report, routeReport, uncached, window, watchedOnly,
        size("--repair-max-bytes", repairMaxBytes));
  }

  /** Route keys of the cache policy. */
  static final Set<String> CACHE_KEYS = Set.of("cache", "cache-max-age", "report-url", "repair");

  private static Duration maxAge(String at, String value) throws ConfigProblem {
    try {
      long s = Long.parseLong(value.trim());
      if (s >= 0 && s <= 10L * 365 * 86_400) {
        return Duration.ofSeconds(s);
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw new ConfigProblem(at + ": seconds, 0-315360000, or none");
  }

  private static URI reportUrl(String at, String value) throws ConfigProblem {
    try {
      URI u = new URI(value.trim());
      if ((u.getScheme() != null && (u.getScheme().equals("http") || u.getScheme().equals("https"))) && u.getHost() != null) {
        return u;
      }
    } catch (java.net.URISyntaxException e) {
      // below
    }
    throw new ConfigProblem(at + ": an http:// or https:// URL with a host");
  }

  /**
   * A route's own seaming ({@code route.NAME.max-legs=1} and the other {@link ServeDefaults#ROUTE_SETTINGS}
   * in the file): the proxy's settings with the route's changes; routes without any use the proxy's.
   */
  private Map<String, SeamSettings> routeSeaming(SeamSettings global, Set<String> routeNames) throws ConfigProblem {
    Map<String, SeamSettings> out = new LinkedHashMap<>();
    for (Map.Entry<String, Map<String, String>> r : defaults().fileRouteSettings().entrySet()) {
      Map<String, String> seamKeys = new LinkedHashMap<>(r.getValue());
      seamKeys.remove("loop"); // not seaming: see routeLoops
      seamKeys.remove("time-shift-seconds"); // nor this: see routeTimeShift
      seamKeys.remove("cluster-policy"); // nor this: see clusterSettings
      seamKeys.remove("relay-above"); // nor these: see relayThresholds
      seamKeys.remove("relay-below");
      if (seamKeys.isEmpty()) {
        continue;
      }
      r = Map.entry(r.getKey(), seamKeys);
      String route = r.getKey();
      String where = "config " + defaults().filePath() + ": route." + route + ".";
      if (!routeNames.contains(route)) {
        throw new ConfigProblem(where + r.getValue().keySet().iterator().next() + ": no route named '" + route + "'");
      }
      Set<String> notSeaming = new java.util.HashSet<>(RouteViewerRules.KEYS);
      notSeaming.addAll(CACHE_KEYS);
      if (notSeaming.containsAll(r.getValue().keySet())) {
        continue; // only who may watch or how it is cached: the route is seamed as the proxy's contents are
      }
      SeamSettings s = global;
      double open = s.openAboveLoss() * 100;
      int intervals = s.intervalsToOpen();
      double close = s.closeBelowLoss() * 100;
      long hold = s.closeHold().toSeconds();
      for (Map.Entry<String, String> kv : r.getValue().entrySet()) {
        if (RouteViewerRules.KEYS.contains(kv.getKey()) || CACHE_KEYS.contains(kv.getKey())) {
          continue; // who may watch (RouteViewerRules), how it is cached (cachePolicy)
        }
        String at = where + kv.getKey() + "=" + kv.getValue();
        double v;
        try {
          v = Double.parseDouble(kv.getValue());
        } catch (NumberFormatException e) {
          throw new ConfigProblem(at + ": not a number");
        }
        switch (kv.getKey()) {
          case "max-legs" -> s = s.withMaxLegs((int) whole(at, v, 1, 8, "1-8 (1: never open extra legs)"));
          case "fill-window-ms" -> s = s.withFillWindow(Duration.ofMillis(whole(at, v, 1, 5000, "milliseconds, 1-5000")));
          case "leg-open-loss" -> open = within(at, v, 0, 100, "a percentage above 0 to 100");
          case "leg-open-intervals" -> intervals = (int) whole(at, v, 1, 3600, "1-3600 intervals");
          case "leg-close-loss" -> close = within(at, v, -1e-9, 100, "a percentage from 0 to 100");
          case "leg-close-hold-seconds" -> hold = whole(at, v, 0, 86_400, "seconds, 0-86400");
          default -> throw new IllegalStateException("a route setting without a rule: " + kv.getKey());
        }
      }
      if (close >= open) {
        throw new ConfigProblem(where + "leg-close-loss: " + close + " must be below the route's leg-open-loss " + open);
      }
      out.put(route, s.withOpen(open / 100, intervals).withClose(close / 100, Duration.ofSeconds(hold)));
    }
    return out;
  }

  private static long whole(String at, double v, long lo, long hi, String allowed) throws ConfigProblem {
    if (v != Math.rint(v) || v < lo || v > hi) {
      throw new ConfigProblem(at + ": " + allowed);
    }
    return (long) v;
  }

  private static double within(String at, double v, double aboveOrAt, double hi, String allowed) throws ConfigProblem {
    if (!(v > aboveOrAt && v <= hi)) {
      throw new ConfigProblem(at + ": " + allowed);
    }
    return v;
  }

  /** The CIDRs of a repeatable, comma-separated option; a bad one is named with where it came from. */
  private List<Cidr> networks(String option, List<String> values) throws ConfigProblem {
    List<Cidr> out = new ArrayList<>();
    for (String c : values) {
      for (String part : c.split(",")) {
        if (!part.isBlank()) {
          try {
            out.add(Cidr.parse(part));
          } catch (IllegalArgumentException e) {
            throw new ConfigProblem(source(option, c) + ": " + e.getMessage());
          }
        }
      }
    }
    return out;
  }

  /** The --cluster-secret, read now (a missing or short file stops the start), or null. */
  private ClusterTokens clusterTokens() throws ConfigProblem {
    if (clusterSecret == null) {
      return null;
    }
    try {
      return ClusterTokens.fromFile(clusterSecret, System::currentTimeMillis);
    } catch (java.io.IOException e) {
      throw new ConfigProblem(source("--cluster-secret", clusterSecret) + ": cannot be read (" + e.getClass().getSimpleName() + ")");
    } catch (IllegalArgumentException e) {
      throw new ConfigProblem(source("--cluster-secret", clusterSecret) + ": " + e.getMessage().replace("token secret", "cluster secret"));
    }
  }

  /** The --viewer-token-secret, read now (a missing or short file stops the start), or null. */
  private ViewerTokens viewerTokens() throws ConfigProblem {
    if (!viewerToken.equals("off") && !viewerToken.equals("required")) {
      throw new ConfigProblem(source("--viewer-token", viewerToken) + ": off or required");
    }
    if (viewerTokenSecret == null) {
      if (viewerToken.equals("required")) {
        throw new ConfigProblem(source("--viewer-token", viewerToken) + ": needs --viewer-token-secret FILE to check tokens with");
      }
      return null;
    }
    try {
      return ViewerTokens.fromFile(viewerTokenSecret, System::currentTimeMillis);
    } catch (java.io.IOException e) {
      throw new ConfigProblem(source("--viewer-token-secret", viewerTokenSecret) + ": cannot be read (" + e.getClass().getSimpleName() + ")");
    } catch (IllegalArgumentException e) {
      throw new ConfigProblem(source("--viewer-token-secret", viewerTokenSecret) + ": " + e.getMessage());
    }
  }

  /** Who may watch: --viewer-allow networks, --viewer-user accounts, --viewer-auth scheme. */
  private ViewerAccess viewerAccess() throws ConfigProblem {
    List<Cidr> networks = networks("--viewer-allow", viewerAllow);
    Map<String, String> users = new LinkedHashMap<>();
    for (String u : viewerUsers) {
      for (String part : u.split(",")) {
        if (part.isBlank()) {
          continue;
        }
        int colon = part.indexOf(':');
        String name = colon < 0 ? "" : part.substring(0, colon).trim();
        if (colon < 0 || name.isEmpty() || colon == part.length() - 1) {
          throw new ConfigProblem(source("--viewer-user", "***") + ": NAME:PASSWORD, both non-empty (the name has no ':')");
        }
        users.put(name, part.substring(colon + 1));
      }
    }
    if (!viewerAuth.equals("digest") && !viewerAuth.equals("basic")) {
      throw new ConfigProblem(source("--viewer-auth", viewerAuth) + ": digest or basic");
    }
    return new ViewerAccess(networks, users, viewerAuth.equals("basic"), System::currentTimeMillis);
  }

  private long size(String option, String text) throws ConfigProblem {
    try {
      return DiskBytes.parse(text).bytes();
    } catch (RuntimeException e) {
      throw new ConfigProblem(source(option, text) + ": a size such as 500m, 20g or 1t (0: no limit for --max-disk)");
    }
  }

  /** An IP address written as one: a name would need DNS before the proxy could even start. */
  private InetAddress literalAddress(String option, String text) throws ConfigProblem {
    String t = text.trim();
    boolean v4 = t.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    boolean v6 = t.contains(":") && t.matches("[0-9a-fA-F:.]+");
    if (!v4 && !v6) {
      throw new ConfigProblem(source(option, text) + ": an IP address such as 0.0.0.0, 127.0.0.1 or ::, not a name");
    }
    try {
      return InetAddress.getByName(t); // a literal: no lookup
    } catch (java.net.UnknownHostException e) {
      throw new ConfigProblem(source(option, text) + ": not an IP address");
    }
  }

  /** A route: a name that is one path segment, and an absolute rtsp:// URL with a host. */
  private URI route(String name, String url) throws ConfigProblem {
    String where = routes.containsKey(name) ? "--route " + name + "=" + redacted(url) : routeFileSource(name, url);
    if (!name.matches("[A-Za-z0-9._~-]+")) {
      throw new ConfigProblem(where + ": a route name is one path segment of letters, digits and . _ ~ -");
    }
    URI u;
    try {
      u = new URI(url.trim());
    } catch (java.net.URISyntaxException e) {
      throw new ConfigProblem(where + ": not a URL (" + e.getReason() + ")");
    }
    if (!"rtsp".equalsIgnoreCase(u.getScheme()) || u.getHost() == null) {
      throw new ConfigProblem(where + ": an absolute rtsp://HOST[:PORT]/path URL");
    }
    if (u.getPort() > 65535 || u.getPort() == 0) {
      throw new ConfigProblem(where + ": port " + u.getPort() + " is not 1-65535");
    }
    return u;
  }

  /** Every time-offset channel as NAME=URL@OFFSETS (credentials masked) with where it came from, for {@code config show}. */
  Map<String, String> channelsWithOrigin() {
    Map<String, String> out = new LinkedHashMap<>();
    defaults().fileChannels().forEach((n, v) -> out.put(n + "=" + redacted(v), "config " + defaults().filePath()));
    channels.forEach((n, v) -> {
      out.keySet().removeIf(k -> k.startsWith(n + "="));
      out.put(n + "=" + redacted(v), "flag --channel");
    });
    return out;
  }

  /** Every route as NAME=URL (credentials masked) with where it came from, for {@code config show}. */
  Map<String, String> routesWithOrigin() {
    Map<String, String> out = new LinkedHashMap<>();
    defaults().fileRoutes().forEach((n, u) -> out.put(n + "=" + redacted(u), "config " + defaults().filePath()));
    routes.forEach((n, u) -> {
      out.keySet().removeIf(k -> k.startsWith(n + "="));
      out.put(n + "=" + redacted(u), "flag --route");
    });
    return out;
  }

  /** The file's route.NAME.KEY settings as KEY=VALUE lines with where they came from, for {@code config show}. */
  Map<String, String> routeSettingsWithOrigin() {
    Map<String, String> out = new LinkedHashMap<>();
    defaults().fileRouteSettings().forEach((route, kv) -> kv.forEach((k, v) ->
        out.put(route + "." + k + "=" + (k.equals("viewer-user") ? RouteViewerRules.masked(v) : v), "config " + defaults().filePath())));
    return out;
  }

  /** The file's channel.NAME.KEY settings (multicast out) as KEY=VALUE lines with where they came from, for {@code config show}. */
  Map<String, String> channelSettingsWithOrigin() {
    Map<String, String> out = new LinkedHashMap<>();
    defaults().fileChannelSettings().forEach((channel, kv) -> kv.forEach((k, v) ->
        out.put(channel + "." + k + "=" + v, "config " + defaults().filePath())));
    return out;
  }

  private String routeFileSource(String name, String url) {
    return "config " + defaults().filePath() + ": route." + name + "=" + redacted(url);
  }

  static String redacted(String url) {
    return org.seamcache.proxy.rtsp.RtspUrl.redact(url);
  }
}
