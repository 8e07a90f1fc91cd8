package org.seamcache.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.seamcache.proxy.relay.DatagramSendFailures;
import org.seamcache.proxy.admin.AdminServer;
import org.seamcache.proxy.admin.LogLevels;
import org.seamcache.proxy.admin.ProxyStatus;
import org.seamcache.proxy.metrics.BuildInfo;
import org.seamcache.proxy.metrics.ProxyMetrics;
import java.time.Clock;
import org.seamcache.proxy.record.ContentRecordings;
import org.seamcache.proxy.record.RecordPolicy;
import org.seamcache.proxy.route.LoopGuard;
import org.seamcache.proxy.route.OriginAllowList;
import org.seamcache.proxy.route.OriginResolver;
import org.seamcache.proxy.server.RtspServer;
import org.seamcache.proxy.session.AccessLog;
import org.seamcache.proxy.session.ContentSources;
import org.seamcache.proxy.session.OriginLookup;
import org.seamcache.proxy.session.Playbacks;
import org.seamcache.proxy.session.Repairs;
import org.seamcache.proxy.session.ProxyCounters;
import org.seamcache.proxy.session.SessionRegistry;
import org.seamcache.proxy.session.ViewerRtcp;
import org.seamcache.proxy.session.ViewerSession;
import org.seamcache.proxy.transport.Transports;
import org.seamcache.proxy.transport.ViewerUdpPorts;
import org.seamcache.storage.Storage;
import org.seamcache.storage.StorageConfig;
import org.seamcache.proxy.route.ContentKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running proxy: event loops, the viewer-facing RTSP server and UDP ports, the registries that
 * hold sessions and upstream legs, and the admin HTTP server. {@link #close()} tears every
 * upstream session down (TEARDOWN) before closing sockets.
 */
public final class ProxyServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ProxyServer.class);

  private final ProxyConfig config;
  /** The configuration now in force: {@link #config} with what a reload changed. */
  private volatile ProxyConfig current;
  private volatile OriginResolver resolver;
  private final OriginLookup lookup;
  private final ContentKeys keys;
  private final MultiThreadIoEventLoopGroup group;
  private final ExecutorService blocking;
  private final ProxyCounters counters = new ProxyCounters();
  private final SessionRegistry sessions;
  private final ContentSources sources;
  private final ViewerUdpPorts serverPorts;
  private final RtspServer rtsp;
  private final AdminServer admin;
  private final org.seamcache.proxy.cache.StoredTitles storedTitles;
  private final ScheduledFuture<?> sweeper;
  private final Storage storage;
  private final ContentRecordings recordings;
  private final org.seamcache.proxy.report.ViewingReports reports;
  private final Repairs repairs;
  private final ProxyMetrics metrics;
  private final org.seamcache.proxy.cluster.Cluster cluster;
  /** Time-offset channels, and their offsets sent to multicast groups (channel.NAME.multicast). */
  private final org.seamcache.proxy.session.Channels channels;
  private final org.seamcache.proxy.session.MulticastSenders multicast;
  private final org.seamcache.proxy.server.Draining draining = new org.seamcache.proxy.server.Draining();
  private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

  private ProxyServer(ProxyConfig config, MultiThreadIoEventLoopGroup group, ExecutorService blocking, Opened opened,
      LogLevels logLevels, BuildInfo build)
      throws InterruptedException {
    this.config = config;
    this.group = group;
    this.blocking = blocking;
    LongSupplier clock = System::nanoTime;
    this.storage = config.record() == RecordPolicy.NONE ? null : openStorage(config);
    if (storage != null) {
      opened.add(storage);
    }
    this.current = config;
    this.keys = storage == null ? ContentKeys.ephemeral() : ContentKeys.inDataDir(config.dataDir());
    this.resolver = new OriginResolver(config.routes());
    this.lookup = new OriginLookup(new OriginAllowList(config.allowOrigins()), blocking);
    this.recordings = new ContentRecordings(
            storage,
            config.record(),
            config.recordRoutes().isEmpty() ? config.routes().keySet() : config.recordRoutes(),
            blocking,
            Clock.systemUTC(),
            clock);
    LoopGuard loopGuard = LoopGuard.withRandomName();
    org.seamcache.proxy.cache.StoredTitles titles = new org.seamcache.proxy.cache.StoredTitles(storage, blocking);
    titles.policy(config.cache());
    this.storedTitles = titles;
    // Sessions served from the cache are reported only where a route (or the proxy) names an endpoint.
    boolean reporting = storage != null && (config.cache().reportUrl() != null || !config.cache().routeReportUrl().isEmpty());
    this.reports = reporting ? org.seamcache.proxy.report.ViewingReports.open(config.dataDir().resolve("reports.journal")) : null;
    if (reports != null) {
      opened.add(reports);
    }
    this.sessions = new SessionRegistry(config.maxSessions(), config.maxSessionsPerClient(), config.sessionTimeoutSeconds(), clock, counters);
    this.sources =
        new ContentSources(
            lookup,
            config.legs(),
            config.liveIdleTeardown(),
            counters,
            clock,
            recordings,
            config.seaming(),
            titles,
            loopGuard,
            keys,
            config.connections().maxUpstream());
    sources.seaming(config.seaming(), config.routeSeaming()); // a route's own seaming, where it has one
    sources.loops(route -> current.loopsFor(route)); // a looping route's titles describe their looped length
    this.repairs = new Repairs(storage, blocking, group, sources, counters);
    repairs.window(config.cache().repairWindow(), java.time.Clock.systemDefaultZone());
    repairs.policy(config.cache());
    this.metrics = ProxyMetrics.create(build, new ProxyMetrics.Sources(
        counters, sessions, sources, recordings, storage, config.routes().keySet(), config.maxDiskBytes(), config.minFreeDiskBytes(), clock));
    opened.add(metrics);
    recordings.onFinished(repairs::finished);
    sources.onOriginLost(sessions::endSessionsOf); // their viewers were told BYE: GET_PARAMETER must say 454
    this.serverPorts = listening("the UDP port pair towards viewers (rtp-port)", config.bindAddress().getHostAddress() + ":" + config.serverRtpPort(),
        () -> ViewerUdpPorts.bind(group, config.bindAddress(), config.serverRtpPort(),
            viewerSocket(ViewerRtpIgnored::new, "rtp"), viewerSocket(ViewerRtcpReceiver::new, "rtcp")));
    opened.add(serverPorts);
    // read at each PLAY: a reload applies to new sessions
    Playbacks playbacks = new Playbacks(sources, sessions, counters, reports, route -> current.loopsFor(route),
        route -> current.timeShiftWindowFor(route));
    playbacks.fetchForCache(target -> {
      if (storage != null && !draining.isDraining()) {
        repairs.prefetch(target).whenComplete((line, e) -> log.info("trick play of {}: the whole title is fetched for the cache: {}",
            target.originForLog(), e != null ? "not started (" + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()) + ")" : line));
      }
    });
    this.rtsp = listening("the RTSP port for viewers (rtsp-port)", config.bindAddress().getHostAddress() + ":" + config.rtspPort(), () ->
        RtspServer.start(
            group,
            new InetSocketAddress(config.bindAddress(), config.rtspPort()),
            () -> resolver,
            sources,
            sessions,
            playbacks,
            serverPorts,
            clock,
            counters,
            config.connections(),
            loopGuard,
            draining,
            () -> current.viewers().withClusterTokens(config.cluster().tokens())));
    opened.add(rtsp);
    this.cluster = joinCluster(config.cluster(), rtsp.address().getPort(), storage, sources, sessions::size);
    opened.add(cluster);
    sources.cluster(cluster);
    cluster.onRelayPulls(new org.seamcache.proxy.session.RelayFeeds(sources, group)); // relays the leader assigns this node
    // time-offset channels: each source fetched once from now on, its offsets played from the recording
    this.channels = new org.seamcache.proxy.session.Channels(config.channels(), () -> {
      java.time.Instant now = java.time.Instant.now();
      return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    });
    sources.channels(channels);
    channels.start(sources, group);
    this.multicast = new org.seamcache.proxy.session.MulticastSenders(channels, config.dataDir().resolve("multicast"), blocking,
        counters.delivery, () -> {
          java.time.Instant now = java.time.Instant.now();
          return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        });
    multicast.start(sources, group);
    this.admin =
        config.adminPort() < 0
            ? null
            : listening("the admin HTTP port (admin-port)", config.adminBindAddress().getHostAddress() + ":" + config.adminPort(), () ->
                AdminServer.start(group, new InetSocketAddress(config.adminBindAddress(), config.adminPort()),
                    () -> java.util.concurrent.CompletableFuture.supplyAsync(this::status, blocking),
                    () -> java.util.concurrent.CompletableFuture.supplyAsync(metrics::scrape, blocking), this::prefetch,
                    logLevels, this::notReadyBecause));
    this.sweeper = group.next().scheduleAtFixedRate(sessions::sweep, 1, 1, TimeUnit.SECONDS);
    log.info(
        "seamcache listening: RTSP {} (UDP {}-{}), admin {}, transport {}",
        rtsp.address(), serverPorts.rtpPort(), serverPorts.rtpPort() + 1,
        admin == null ? "off" : admin.address(), Transports.isEpoll() ? "epoll" : "nio");
    repairs.resumeAfterRestart(this::originOf);
  }

  /**
   * Standalone, or a member of the configured cluster, published under its node URL (a URL without
   * a port means this node's RTSP port).
   */
  private static org.seamcache.proxy.cluster.Cluster joinCluster(
      org.seamcache.proxy.cluster.ClusterSettings settings, int rtspPort, Storage storage, ContentSources sources,
      java.util.function.IntSupplier viewers) {
    if (!settings.joins()) {
      return org.seamcache.proxy.cluster.Cluster.standalone();
    }
    java.net.URI url = settings.nodeUrl();
    if (url.getPort() <= 0) {
      url = java.net.URI.create("rtsp://" + url.getRawAuthority().replaceFirst(":\\d*$", "") + ":" + rtspPort);
    }
    return org.seamcache.proxy.cluster.ZooKeeperCluster.join(settings.withNodeUrl(url), storage, () -> sources.liveStreams().stream()
        .map(s -> new org.seamcache.proxy.cluster.LiveViewers(s.originKey(), s.routeName(), s.viewers(), sources.feedDepth(s))).toList(), viewers);
  }

  /** This node's part in its cluster (standalone when it joined none). */
  public org.seamcache.proxy.cluster.ClusterStatus clusterStatus() {
    return cluster.status();
  }

  private static Storage openStorage(ProxyConfig config) {
    StorageConfig sc = StorageConfig.defaults(config.dataDir()).withMinFreeDiskBytes(config.minFreeDiskBytes());
    if (config.maxDiskBytes() > 0) {
      sc = sc.withMaxDiskBytes(config.maxDiskBytes());
    }
    return Storage.open(sc);
  }

  /** Something that binds a socket; its failure names the port and what it was for. */
  private interface Bind<T> {
    T bind() throws Exception;
  }

  private static <T> T listening(String what, String address, Bind<T> bind) throws InterruptedException {
    try {
      return bind.bind();
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) { // Netty's sync() rethrows bind failures (IOExceptions) unchecked
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      why = why.replaceFirst("^bind\\(\\.\\.\\) failed[^:]*: ", ""); // the native transport's prefix
      throw new ProxyStartException("cannot listen on " + what + " at " + address + ": " + why.toLowerCase(java.util.Locale.ROOT), e);
    }
  }

  /** What a failed start must close again. */
  private static final class Opened extends java.util.ArrayList<AutoCloseable> {}

  /** Starts everything or, on failure, closes what was opened and throws {@link ProxyStartException}. */
  public static ProxyServer start(ProxyConfig config) throws InterruptedException {
    return start(config, LogLevels.UNAVAILABLE);
  }

  /** As {@link #start(ProxyConfig)}, with the log backend's levels for the admin port's {@code POST /log-level}. */
  public static ProxyServer start(ProxyConfig config, LogLevels logLevels) throws InterruptedException {
    return start(config, logLevels, BuildInfo.fromManifest());
  }

  /** As {@link #start(ProxyConfig, LogLevels)}, naming the build in {@code seamcache_build_info}. */
  public static ProxyServer start(ProxyConfig config, LogLevels logLevels, BuildInfo build)
      throws InterruptedException {
    MultiThreadIoEventLoopGroup group = Transports.newEventLoopGroup(config.eventLoopThreads());
    ExecutorService blocking =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "seamcache-dns");
              t.setDaemon(true);
              return t;
            });
    Opened opened = new Opened();
    try {
      return new ProxyServer(config, group, blocking, opened, logLevels, build);
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) { // Netty's sync() rethrows bind failures (IOExceptions) unchecked
      for (AutoCloseable c : opened) {
        try {
          c.close();
        } catch (Exception ignored) {
          // already failing; the cause below is what matters
        }
      }
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
      blocking.shutdownNow();
      throw e instanceof ProxyStartException p ? p : new ProxyStartException("cannot start: " + e.getMessage(), e);
    }
  }

  public InetSocketAddress rtspAddress() {
    return rtsp.address();
  }

  public InetSocketAddress adminAddress() {
    return admin == null ? null : admin.address();
  }

  /** Starts fetching the stored title at {@code originUrl} (an absolute rtsp:// URL or a route name) into the cache. */
  public java.util.concurrent.CompletableFuture<String> prefetch(String originUrl) {
    String local = "127.0.0.1:" + rtsp.address().getPort();
    String asked = originUrl.startsWith("rtsp://") ? originUrl : "rtsp://" + local + "/" + originUrl;
    java.util.Optional<org.seamcache.proxy.route.OriginTarget> target;
    try {
      target = resolver.resolve(asked, local);
    } catch (RuntimeException e) {
      return java.util.concurrent.CompletableFuture.failedFuture(e);
    }
    if (target.isEmpty()) {
      return java.util.concurrent.CompletableFuture.failedFuture(
          new org.seamcache.proxy.rtsp.RtspStatusException(404, "no origin for " + originUrl));
    }
    return repairs.prefetch(target.get());
  }

  /** Every content in the data directory (none when nothing is recorded). */
  public java.util.List<org.seamcache.storage.ContentInfo> recordedContents() {
    return storage == null ? java.util.List.of() : storage.catalog().list();
  }

  /** Open viewer connections and the largest backlog of bytes one of them has not yet sent. */
  public org.seamcache.proxy.server.ViewerConnectionsStatus viewerConnections() {
    return rtsp.viewerConnections();
  }

  /** {@code /metrics}: every metric in the Prometheus text format. Reads the disk: not on an event loop. */
  public String scrapeMetrics() {
    return metrics.scrape();
  }

  /** A snapshot for {@code /status}; the cache's part reads the catalog: not for an event loop. */
  public ProxyStatus status() {
    return ProxyStatus.of(sessions, sources, counters, recordings.active()).withCluster(cluster.status())
        .withChannels(channels.status(sessions, multicast))
        .withCache(new org.seamcache.proxy.cache.CacheStatus(
            storedTitles.status(c -> originOf(c).map(org.seamcache.proxy.route.OriginTarget::routeName).orElse(null), STATUS_TITLES),
            storedTitles.decisions().recent()));
  }

  /** Stored titles {@code /status} lists at most (the most recently used). */
  private static final int STATUS_TITLES = 200;

  /**
   * Where a recorded content comes from again: the route whose origin it is under (with the route's
   * credentials, which a private content needs), else its URL as recorded; empty for a private
   * content no route carries.
   */
  private java.util.Optional<org.seamcache.proxy.route.OriginTarget> originOf(org.seamcache.storage.ContentInfo c) {
    String url = c.originUrl();
    int scope = url.indexOf('#');
    String plain = scope < 0 ? url : url.substring(0, scope);
    for (var r : current.routes().entrySet()) {
      String base = org.seamcache.proxy.rtsp.RtspUrl.withoutUserInfo(r.getValue().toString());
      base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
      if (plain.equals(base) || plain.startsWith(base + "/")) {
        String routeUri = r.getValue().toString();
        routeUri = routeUri.endsWith("/") ? routeUri.substring(0, routeUri.length() - 1) : routeUri;
        java.net.URI candidate = java.net.URI.create(routeUri + plain.substring(base.length()));
        if (keys.of(candidate).equals(url)) {
          return java.util.Optional.of(new org.seamcache.proxy.route.OriginTarget(candidate, "/" + r.getKey(), r.getKey()));
        }
      }
    }
    return ContentKeys.isPrivate(url) ? java.util.Optional.empty()
        : java.util.Optional.of(new org.seamcache.proxy.route.OriginTarget(java.net.URI.create(url), url));
  }

  /** Settings a reload applies (to requests and contents from then on); every other one needs a restart. */
  private static final java.util.Set<String> RELOADABLE = java.util.Set.of("routes", "allowOrigins", "record", "recordRoutes", "seaming", "viewers", "routeSeaming", "routeLoops", "routeTimeShift");
  /** The operator's names (config keys) for each part of {@link ProxyConfig}. */
  private static final java.util.Map<String, String> SETTING = java.util.Map.ofEntries(
      java.util.Map.entry("bindAddress", "bind"), java.util.Map.entry("rtspPort", "rtsp-port"),
      java.util.Map.entry("adminBindAddress", "admin bind address"), java.util.Map.entry("adminPort", "admin-port"),
      java.util.Map.entry("serverRtpPort", "rtp-port"), java.util.Map.entry("dataDir", "data-dir"),
      java.util.Map.entry("allowOrigins", "allow-origin"), java.util.Map.entry("routes", "route.*"),
      java.util.Map.entry("sessionTimeoutSeconds", "session-timeout"), java.util.Map.entry("maxSessions", "max-sessions"),
      java.util.Map.entry("maxSessionsPerClient", "max-sessions-per-client"), java.util.Map.entry("liveIdleTeardown", "live-idle-seconds"),
      java.util.Map.entry("legs", "upstream-transport"), java.util.Map.entry("eventLoopThreads", "event loop threads"),
      java.util.Map.entry("record", "record"), java.util.Map.entry("recordRoutes", "record-routes"),
      java.util.Map.entry("maxDiskBytes", "max-disk"), java.util.Map.entry("minFreeDiskBytes", "min-free-disk"),
      java.util.Map.entry("seaming", "max-legs, fill-window-ms, leg-*"),
      java.util.Map.entry("viewers", "viewer-allow, viewer-user, viewer-auth, viewer-token*, route.NAME.viewer-*"),
      java.util.Map.entry("routeSeaming", "route.NAME.max-legs, route.NAME.leg-*, route.NAME.fill-window-ms"),
      java.util.Map.entry("routeLoops", "route.NAME.loop"),
      java.util.Map.entry("routeTimeShift", "route.NAME.time-shift-seconds"),
      java.util.Map.entry("channels", "channel.NAME"),
      java.util.Map.entry("connections", "max-connections*, *-timeout-seconds, max-upstream-per-connection"),
      java.util.Map.entry("cluster", "cluster, node-id, node-url, zone, cluster-session-seconds, cluster-policy, cluster-secret"));

  /**
   * Applies what can change safely while running (routes, the origin allow-list, the record policy,
   * the seaming thresholds) from {@code next}; each changed setting gets one line saying so, or that
   * it needs a restart. Viewers playing keep playing; running contents keep their seaming.
   */
  public synchronized java.util.List<String> reload(ProxyConfig next) {
    ProxyConfig was = current;
    java.util.List<String> report = new java.util.ArrayList<>();
    java.util.Set<String> changed = new java.util.LinkedHashSet<>();
    for (java.lang.reflect.RecordComponent c : ProxyConfig.class.getRecordComponents()) {
      try {
        Object a = c.getAccessor().invoke(was);
        Object b = c.getAccessor().invoke(next);
        if (!java.util.Objects.equals(a, b)) {
          changed.add(c.getName());
        }
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("a record's accessor is public", e);
      }
    }
    boolean recordingOff = storage == null && next.record() != RecordPolicy.NONE;
    boolean budgetChanged = was.seaming().maxLegsPerOrigin() != next.seaming().maxLegsPerOrigin();
    ProxyConfig applied = was;
    for (String name : changed) {
      if (!RELOADABLE.contains(name) || (recordingOff && (name.equals("record") || name.equals("recordRoutes")))) {
        report.add(SETTING.getOrDefault(name, name) + ": changed, needs a restart");
      } else if (name.equals("seaming") && budgetChanged) {
        report.add(SETTING.get(name) + ": changed, applies to contents started from now on; max-legs-per-origin needs a restart");
      } else {
        report.add(SETTING.getOrDefault(name, name) + ": " + describeChange(name, was, next));
      }
    }
    if (changed.contains("routes")) {
      resolver = new OriginResolver(next.routes());
    }
    if (changed.contains("allowOrigins")) {
      lookup.allow(new OriginAllowList(next.allowOrigins()));
    }
    if (!recordingOff && (changed.contains("record") || changed.contains("recordRoutes") || changed.contains("routes"))) {
      recordings.policy(next.record(), next.recordRoutes().isEmpty() ? next.routes().keySet() : next.recordRoutes());
    }
    if (changed.contains("seaming") || changed.contains("routeSeaming")) {
      sources.seaming(next.seaming(), next.routeSeaming());
    }
    current = next;
    return report;
  }

  private static String describeChange(String name, ProxyConfig was, ProxyConfig next) {
    return switch (name) {
      case "routes" -> {
        java.util.Set<String> added = new java.util.TreeSet<>(next.routes().keySet());
        added.removeAll(was.routes().keySet());
        java.util.Set<String> removed = new java.util.TreeSet<>(was.routes().keySet());
        removed.removeAll(next.routes().keySet());
        java.util.Set<String> moved = new java.util.TreeSet<>();
        for (String r : next.routes().keySet()) {
          if (was.routes().containsKey(r) && !was.routes().get(r).equals(next.routes().get(r))) {
            moved.add(r);
          }
        }
        yield "added " + added + ", removed " + removed + ", changed " + moved + " (new requests; playing viewers keep their session)";
      }
      case "allowOrigins" -> "now " + next.allowOrigins() + " (new requests)";
      case "viewers" -> "now " + next.viewers() + " (new requests)";
      case "record", "recordRoutes" -> "now " + next.record() + (next.recordRoutes().isEmpty() ? "" : " " + new java.util.TreeSet<>(next.recordRoutes()))
          + " (contents whose recording starts from now on)";
      case "routeLoops" -> "now " + new java.util.TreeMap<>(next.routeLoops()) + " (sessions started from now on)";
      case "routeTimeShift" -> "now " + new java.util.TreeMap<>(next.routeTimeShift()) + " (sessions started from now on)";
      default -> "applies to contents started from now on";
    };
  }

  /**
   * Why the proxy should not take viewers now, or null when it should: it is stopping, its RTSP
   * listener is closed, or (when recording) its data directory cannot be written.
   */
  public String notReadyBecause() {
    if (draining.isDraining()) {
      return "shutting down";
    }
    if (!rtsp.isListening()) {
      return "the RTSP listener is closed";
    }
    if (storage != null && !java.nio.file.Files.isWritable(config.dataDir())) {
      return "the data directory " + config.dataDir() + " is not writable";
    }
    return null;
  }

  /**
   * Stops gently (SIGTERM): takes no new viewers (the listener closes; DESCRIBE, SETUP and PLAY on
   * open connections get 503), tells every playing viewer its stream ends (an RTCP BYE, so players
   * send TEARDOWN and exit cleanly), waits up to {@code drain} for the sessions to go, then
   * {@link #close() closes} the rest: upstream TEARDOWNs, recordings finished.
   */
  public void stop(java.time.Duration drain) {
    if (!draining.start()) {
      return;
    }
    long start = System.nanoTime();
    int before = sessions.size();
    rtsp.close();
    log.info("stopping: no new viewers; telling {} viewer session(s) their stream ends and waiting up to {} ms for them to leave",
        before, drain.toMillis());
    for (org.seamcache.proxy.session.ViewerSession s : sessions.all()) {
      s.sayGoodbye();
    }
    multicast.sayGoodbye();
    long deadline = start + drain.toNanos();
    while (sessions.size() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    log.info("stopping: {} of {} viewer session(s) left on their own within {} ms; closing the rest",
        before - Math.min(before, sessions.size()), before, (System.nanoTime() - start) / 1_000_000);
    close();
  }

  /** Stops at once: open sessions end, upstream sessions are torn down, recordings are finished. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    draining.start();
    cluster.close(); // first: siblings stop sending viewers here
    log.info("shutting down: tearing down {} upstream sessions", sources.legs().size());
    sweeper.cancel(false);
    repairs.close();
    rtsp.close();
    channels.close(); // no more retries of fetches that could not start
    multicast.sayGoodbye(); // the groups' receivers are told the stream ends, as viewers are
    multicast.close();
    sessions.closeAll();
    if (reports != null) {
      reports.close(); // after the sessions, so their reports are journaled
    }
    try {
      sources.shutdown().get(config.legs().requestTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      log.warn("some upstream sessions did not confirm TEARDOWN: {}", e.toString());
    }
    recordings.awaitFinished(java.time.Duration.ofSeconds(10)); // each ends as a finished run before the storage closes
    if (admin != null) {
      admin.close();
    }
    metrics.close();
    if (storage != null) {
      storage.close(); // finishes recordings that are still open and releases the data directory
    }
    serverPorts.close();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    blocking.shutdownNow();
  }

  /**
   * A viewer-facing datagram socket's pipeline: what it receives, then the counter of sends the
   * kernel refused (the fan-out writes without promises).
   */
  private ChannelInitializer<Channel> viewerSocket(java.util.function.Supplier<ChannelHandler> receiver, String kind) {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(Channel ch) {
        ch.pipeline().addLast(receiver.get(), new DatagramSendFailures("the " + kind + " port towards viewers", counters.delivery.failed));
      }
    };
  }

  /** RTP sent to the proxy's server port by viewers is meaningless; drop it. */
  private static final class ViewerRtpIgnored extends SimpleChannelInboundHandler<DatagramPacket> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket msg) {}
  }

  /** RTCP from UDP viewers keeps their sessions alive; a BYE ends them. */
  @io.netty.channel.ChannelHandler.Sharable
  private final class ViewerRtcpReceiver extends SimpleChannelInboundHandler<DatagramPacket> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket msg) {
      InetSocketAddress sender = msg.sender();
      boolean bye = ViewerRtcp.saysBye(msg.content().nioBuffer());
      // Only the sender's own sessions: a scan of every session per packet grew with the viewer count.
      for (ViewerSession s : sessions.of(sender.getAddress())) {
        if (s.receivesRtcpAt(sender.getPort())) {
          if (bye) {
            sessions.remove(s, AccessLog.Ending.BYE);
          } else {
            sessions.touch(s);
          }
        }
      }
    }
  }
}
