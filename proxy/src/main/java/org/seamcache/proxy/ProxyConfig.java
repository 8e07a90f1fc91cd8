package org.seamcache.proxy;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.seamcache.proxy.record.RecordPolicy;
import org.seamcache.proxy.route.Cidr;
import org.seamcache.proxy.seam.SeamSettings;
import org.seamcache.proxy.server.ConnectionLimits;
import org.seamcache.proxy.upstream.LegSettings;
import org.seamcache.storage.StorageConfig;

/**
 * Everything {@code seamcache serve} is configured with. Immutable; validated by its builder.
 *
 * @param rtspPort 0 picks a free port
 * @param adminPort 0 picks a free port, -1 disables the admin server
 * @param serverRtpPort the proxy's UDP port pair towards viewers (even; 0 picks a free pair)
 * @param record which contents are recorded under {@code dataDir}
 * @param recordRoutes with {@link RecordPolicy#ROUTES}: the routes recorded (empty: every route)
 * @param maxDiskBytes disk budget for recordings (0 = unlimited); least recently used contents go first
 * @param minFreeDiskBytes recording stops (relaying goes on) when the disk has less free space
 * @param seaming live seaming: fill window, when extra legs are opened and closed, leg budgets
 * @param connections limits and timeouts of viewer connections
 * @param viewers who may watch: viewer networks and users
 * @param routeSeaming seaming of the contents of a route where it differs from {@code seaming}
 * @param routeLoops onward streams: how many times a route's stored titles play when served from
 *     disk (routes not named play once)
 * @param routeTimeShift how far back a live viewer of a route may play from the recording (zero:
 *     not at all); routes not named: {@link #DEFAULT_TIME_SHIFT_WINDOW}
 * @param channels time-offset channels: each source fetched once, served at each of its offsets
 * @param cluster the cluster this node joins (standalone: none)
 */
public record ProxyConfig(
    InetAddress bindAddress,
    int rtspPort,
    InetAddress adminBindAddress,
    int adminPort,
    int serverRtpPort,
    Path dataDir,
    List<Cidr> allowOrigins,
    Map<String, URI> routes,
    int sessionTimeoutSeconds,
    int maxSessions,
    int maxSessionsPerClient,
    Duration liveIdleTeardown,
    LegSettings legs,
    int eventLoopThreads,
    RecordPolicy record,
    Set<String> recordRoutes,
    long maxDiskBytes,
    long minFreeDiskBytes,
    SeamSettings seaming,
    ConnectionLimits connections,
    org.seamcache.proxy.server.ViewerAccess viewers,
    Map<String, SeamSettings> routeSeaming,
    org.seamcache.proxy.cache.CachePolicy cache,
    // onward streams
    Map<String, org.seamcache.proxy.cache.LoopCount> routeLoops,
    Map<String, Duration> routeTimeShift,
    List<org.seamcache.proxy.onward.ChannelSpec> channels,
    org.seamcache.proxy.cluster.ClusterSettings cluster) {

  /** Without time-offset channels: the constructor before they existed. */
  public ProxyConfig(
      InetAddress bindAddress, int rtspPort, InetAddress adminBindAddress, int adminPort, int serverRtpPort, Path dataDir,
      List<Cidr> allowOrigins, Map<String, URI> routes, int sessionTimeoutSeconds, int maxSessions, int maxSessionsPerClient,
      Duration liveIdleTeardown, LegSettings legs, int eventLoopThreads, RecordPolicy record, Set<String> recordRoutes,
      long maxDiskBytes, long minFreeDiskBytes, SeamSettings seaming, ConnectionLimits connections,
      org.seamcache.proxy.server.ViewerAccess viewers, Map<String, SeamSettings> routeSeaming, org.seamcache.proxy.cache.CachePolicy cache,
      Map<String, org.seamcache.proxy.cache.LoopCount> routeLoops, Map<String, Duration> routeTimeShift,
      org.seamcache.proxy.cluster.ClusterSettings cluster) {
    this(bindAddress, rtspPort, adminBindAddress, adminPort, serverRtpPort, dataDir, allowOrigins, routes, sessionTimeoutSeconds,
        maxSessions, maxSessionsPerClient, liveIdleTeardown, legs, eventLoopThreads, record, recordRoutes, maxDiskBytes,
        minFreeDiskBytes, seaming, connections, viewers, routeSeaming, cache, routeLoops, routeTimeShift, List.of(), cluster);
  }

  /** Standalone (no cluster): the constructor of the settings before the cluster existed. */
  public ProxyConfig(
      InetAddress bindAddress, int rtspPort, InetAddress adminBindAddress, int adminPort, int serverRtpPort, Path dataDir,
      List<Cidr> allowOrigins, Map<String, URI> routes, int sessionTimeoutSeconds, int maxSessions, int maxSessionsPerClient,
      Duration liveIdleTeardown, LegSettings legs, int eventLoopThreads, RecordPolicy record, Set<String> recordRoutes,
      long maxDiskBytes, long minFreeDiskBytes, SeamSettings seaming, ConnectionLimits connections,
      org.seamcache.proxy.server.ViewerAccess viewers, Map<String, SeamSettings> routeSeaming, org.seamcache.proxy.cache.CachePolicy cache,
      Map<String, org.seamcache.proxy.cache.LoopCount> routeLoops, Map<String, Duration> routeTimeShift) {
    this(bindAddress, rtspPort, adminBindAddress, adminPort, serverRtpPort, dataDir, allowOrigins, routes, sessionTimeoutSeconds,
        maxSessions, maxSessionsPerClient, liveIdleTeardown, legs, eventLoopThreads, record, recordRoutes, maxDiskBytes,
        minFreeDiskBytes, seaming, connections, viewers, routeSeaming, cache, routeLoops, routeTimeShift, org.seamcache.proxy.cluster.ClusterSettings.standalone());
  }

  /** Without onward-stream settings, in a cluster. */
  public ProxyConfig(
      InetAddress bindAddress, int rtspPort, InetAddress adminBindAddress, int adminPort, int serverRtpPort, Path dataDir,
      List<Cidr> allowOrigins, Map<String, URI> routes, int sessionTimeoutSeconds, int maxSessions, int maxSessionsPerClient,
      Duration liveIdleTeardown, LegSettings legs, int eventLoopThreads, RecordPolicy record, Set<String> recordRoutes,
      long maxDiskBytes, long minFreeDiskBytes, SeamSettings seaming, ConnectionLimits connections,
      org.seamcache.proxy.server.ViewerAccess viewers, Map<String, SeamSettings> routeSeaming, org.seamcache.proxy.cache.CachePolicy cache,
      org.seamcache.proxy.cluster.ClusterSettings cluster) {
    this(bindAddress, rtspPort, adminBindAddress, adminPort, serverRtpPort, dataDir, allowOrigins, routes, sessionTimeoutSeconds,
        maxSessions, maxSessionsPerClient, liveIdleTeardown, legs, eventLoopThreads, record, recordRoutes, maxDiskBytes,
        minFreeDiskBytes, seaming, connections, viewers, routeSeaming, cache, Map.of(), Map.of(), cluster);
  }

  /** Default caching rules, no onward streams, standalone. */
  public ProxyConfig(
      InetAddress bindAddress, int rtspPort, InetAddress adminBindAddress, int adminPort, int serverRtpPort, Path dataDir,
      List<Cidr> allowOrigins, Map<String, URI> routes, int sessionTimeoutSeconds, int maxSessions, int maxSessionsPerClient,
      Duration liveIdleTeardown, LegSettings legs, int eventLoopThreads, RecordPolicy record, Set<String> recordRoutes,
      long maxDiskBytes, long minFreeDiskBytes, SeamSettings seaming, ConnectionLimits connections,
      org.seamcache.proxy.server.ViewerAccess viewers, Map<String, SeamSettings> routeSeaming) {
    this(bindAddress, rtspPort, adminBindAddress, adminPort, serverRtpPort, dataDir, allowOrigins, routes, sessionTimeoutSeconds,
        maxSessions, maxSessionsPerClient, liveIdleTeardown, legs, eventLoopThreads, record, recordRoutes, maxDiskBytes,
        minFreeDiskBytes, seaming, connections, viewers, routeSeaming, org.seamcache.proxy.cache.CachePolicy.defaults(), Map.of(), Map.of(),
        org.seamcache.proxy.cluster.ClusterSettings.standalone());
  }

  /** With these time-offset channels. */
  public ProxyConfig withChannels(List<org.seamcache.proxy.onward.ChannelSpec> c) {
    return new ProxyConfig(bindAddress, rtspPort, adminBindAddress, adminPort, serverRtpPort, dataDir, allowOrigins, routes, sessionTimeoutSeconds, maxSessions, maxSessionsPerClient, liveIdleTeardown, legs, eventLoopThreads, record, recordRoutes, maxDiskBytes, minFreeDiskBytes, seaming, connections, viewers, routeSeaming, cache, routeLoops, routeTimeShift, c, cluster);
  }

  /** How far back live viewers may play from the recording unless their route says otherwise. */
  public static final Duration DEFAULT_TIME_SHIFT_WINDOW = Duration.ofHours(2);

  /** Without onward-stream settings (every stored title plays once; time-shift within the default window). */
  public ProxyConfig(
      InetAddress bindAddress, int rtspPort, InetAddress adminBindAddress, int adminPort, int serverRtpPort, Path dataDir,
      List<Cidr> allowOrigins, Map<String, URI> routes, int sessionTimeoutSeconds, int maxSessions, int maxSessionsPerClient,
      Duration liveIdleTeardown, LegSettings legs, int eventLoopThreads, RecordPolicy record, Set<String> recordRoutes,
      long maxDiskBytes, long minFreeDiskBytes, SeamSettings seaming, ConnectionLimits connections,
      org.seamcache.proxy.server.ViewerAccess viewers, Map<String, SeamSettings> routeSeaming, org.seamcache.proxy.cache.CachePolicy cache) {
    this(bindAddress, rtspPort, adminBindAddress, adminPort, serverRtpPort, dataDir, allowOrigins, routes, sessionTimeoutSeconds,
        maxSessions, maxSessionsPerClient, liveIdleTeardown, legs, eventLoopThreads, record, recordRoutes, maxDiskBytes,
        minFreeDiskBytes, seaming, connections, viewers, routeSeaming, cache, Map.of(), Map.of(), org.seamcache.proxy.cluster.ClusterSettings.standalone());
  }

  /** With the default connection limits. */
  public ProxyConfig(
      InetAddress bindAddress, int rtspPort, InetAddress adminBindAddress, int adminPort, int serverRtpPort, Path dataDir,
      List<Cidr> allowOrigins, Map<String, URI> routes, int sessionTimeoutSeconds, int maxSessions, int maxSessionsPerClient,
      Duration liveIdleTeardown, LegSettings legs, int eventLoopThreads, RecordPolicy record, Set<String> recordRoutes,
      long maxDiskBytes, long minFreeDiskBytes, SeamSettings seaming) {
    this(bindAddress, rtspPort, adminBindAddress, adminPort, serverRtpPort, dataDir, allowOrigins, routes, sessionTimeoutSeconds,
        maxSessions, maxSessionsPerClient, liveIdleTeardown, legs, eventLoopThreads, record, recordRoutes, maxDiskBytes,
        minFreeDiskBytes, seaming, ConnectionLimits.defaults(), org.seamcache.proxy.server.ViewerAccess.OPEN, Map.of(),
        org.seamcache.proxy.cache.CachePolicy.defaults(), Map.of(), Map.of(), org.seamcache.proxy.cluster.ClusterSettings.standalone());
  }

  public ProxyConfig {
    allowOrigins = List.copyOf(allowOrigins);
    routeSeaming = Map.copyOf(routeSeaming);
    routeLoops = Map.copyOf(routeLoops);
    routeTimeShift = Map.copyOf(routeTimeShift);
    channels = channels == null ? List.of() : List.copyOf(channels);
    cluster = cluster == null ? org.seamcache.proxy.cluster.ClusterSettings.standalone() : cluster;
    routes = Map.copyOf(routes);
    recordRoutes = Set.copyOf(recordRoutes);
    if (serverRtpPort % 2 != 0) {
      throw new IllegalArgumentException("server RTP port " + serverRtpPort + " must be even (RTCP takes the next one)");
    }
    if (sessionTimeoutSeconds < 5) {
      throw new IllegalArgumentException("session timeout must be at least 5 s");
    }
  }

  /** Defaults for everything but what must be chosen. */
  public static ProxyConfig defaults(int rtspPort, int adminPort, Path dataDir, List<Cidr> allowOrigins, Map<String, URI> routes) {
    return new ProxyConfig(
        anyAddress(),
        rtspPort,
        InetAddress.getLoopbackAddress(),
        adminPort,
        0,
        dataDir,
        allowOrigins,
        routes,
        60,
        1000,
        50,
        Duration.ofSeconds(10),
        LegSettings.defaults(),
        Math.max(2, Runtime.getRuntime().availableProcessors()),
        RecordPolicy.ALL,
        Set.of(),
        0,
        StorageConfig.DEFAULT_MIN_FREE_DISK_BYTES,
        SeamSettings.defaults(),
        ConnectionLimits.defaults(),
        org.seamcache.proxy.server.ViewerAccess.OPEN,
        Map.of(),
        org.seamcache.proxy.cache.CachePolicy.defaults(),
        Map.of(),
        Map.of(),
        org.seamcache.proxy.cluster.ClusterSettings.standalone());
  }

  private static InetAddress anyAddress() {
    try {
      return InetAddress.getByName("0.0.0.0");
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  public ProxyConfig withBindAddress(InetAddress a) {
    return new ProxyConfig(a, rtspPort, adminBindAddress, adminPort, serverRtpPort, dataDir, allowOrigins, routes, sessionTimeoutSeconds, maxSessions, maxSessionsPerClient, liveIdleTeardown, legs, eventLoopThreads, record, recordRoutes, maxDiskBytes, minFreeDiskBytes, seaming, connections, viewers, routeSeaming, cache, routeLoops, routeTimeShift, channels, cluster);
  }

  public ProxyConfig withLimits(int total, int perClient) {
    return new ProxyConfig(bindAddress, rtspPort, adminBindAddress, adminPort, serverRtpPort, dataDir, allowOrigins, routes, sessionTimeoutSeconds, total, perClient, liveIdleTeardown, legs, eventLoopThreads, record, recordRoutes, maxDiskBytes, minFreeDiskBytes, seaming, connections, viewers, routeSeaming, cache, routeLoops, routeTimeShift, channels, cluster);
  }

  public ProxyConfig withLiveIdleTeardown(Duration d) {
    return new ProxyConfig(bindAddress, rtspPort, adminBindAddress, adminPort, serverRtpPort, dataDir, allowOrigins, routes, sessionTimeoutSeconds, maxSessions, maxSessionsPerClient, d, legs, eventLoopThreads, record, recordRoutes, maxDiskBytes, minFreeDiskBytes, seaming, connections, viewers, routeSeaming, cache, routeLoops, routeTimeShift, channels, cluster);
  }

  public ProxyConfig withLegs(LegSettings l) {
    return new ProxyConfig(bindAddress, rtspPort, adminBindAddress, adminPort, serverRtpPort, dataDir, allowOrigins, routes, sessionTimeoutSeconds, maxSessions, maxSessionsPerClient, liveIdleTeardown, l, eventLoopThreads, record, recordRoutes, maxDiskBytes, minFreeDiskBytes, seaming, connections, viewers, routeSeaming, cache, routeLoops, routeTimeShift, channels, cluster);
  }

  public ProxyConfig withDataDir(Path dir) {
    return new ProxyConfig(bindAddress, rtspPort, adminBindAddress, adminPort, serverRtpPort, dir, allowOrigins, routes, sessionTimeoutSeconds, maxSessions, maxSessionsPerClient, liveIdleTeardown, legs, eventLoopThreads, record, recordRoutes, maxDiskBytes, minFreeDiskBytes, seaming, connections, viewers, routeSeaming, cache, routeLoops, routeTimeShift, channels, cluster);
  }

  public ProxyConfig withRecording(RecordPolicy policy, long maxDisk) {
    return new ProxyConfig(bindAddress, rtspPort, adminBindAddress, adminPort, serverRtpPort, dataDir, allowOrigins, routes, sessionTimeoutSeconds, maxSessions, maxSessionsPerClient, liveIdleTeardown, legs, eventLoopThreads, policy, recordRoutes, maxDisk, minFreeDiskBytes, seaming, connections, viewers, routeSeaming, cache, routeLoops, routeTimeShift, channels, cluster);
  }

  public ProxyConfig withRoutes(Map<String, URI> r) {
    return new ProxyConfig(bindAddress, rtspPort, adminBindAddress, adminPort, serverRtpPort, dataDir, allowOrigins, r, sessionTimeoutSeconds, maxSessions, maxSessionsPerClient, liveIdleTeardown, legs, eventLoopThreads, record, recordRoutes, maxDiskBytes, minFreeDiskBytes, seaming, connections, viewers, routeSeaming, cache, routeLoops, routeTimeShift, channels, cluster);
  }

  public ProxyConfig withMinFreeDisk(long bytes) {
    return new ProxyConfig(bindAddress, rtspPort, adminBindAddress, adminPort, serverRtpPort, dataDir, allowOrigins, routes, sessionTimeoutSeconds, maxSessions, maxSessionsPerClient, liveIdleTeardown, legs, eventLoopThreads, record, recordRoutes, maxDiskBytes, bytes, seaming, connections, viewers, routeSeaming, cache, routeLoops, routeTimeShift, channels, cluster);
  }

  public ProxyConfig withServerRtpPort(int port) {
    return new ProxyConfig(bindAddress, rtspPort, adminBindAddress, adminPort, port, dataDir, allowOrigins, routes, sessionTimeoutSeconds, maxSessions, maxSessionsPerClient, liveIdleTeardown, legs, eventLoopThreads, record, recordRoutes, maxDiskBytes, minFreeDiskBytes, seaming, connections, viewers, routeSeaming, cache, routeLoops, routeTimeShift, channels, cluster);
  }

  public ProxyConfig withSeaming(SeamSettings s) {
    return new ProxyConfig(bindAddress, rtspPort, adminBindAddress, adminPort, serverRtpPort, dataDir, allowOrigins, routes, sessionTimeoutSeconds, maxSessions, maxSessionsPerClient, liveIdleTeardown, legs, eventLoopThreads, record, recordRoutes, maxDiskBytes, minFreeDiskBytes, s, connections, viewers, routeSeaming, cache, routeLoops, routeTimeShift, channels, cluster);
  }

  public ProxyConfig withConnectionLimits(ConnectionLimits c) {
    return new ProxyConfig(bindAddress, rtspPort, adminBindAddress, adminPort, serverRtpPort, dataDir, allowOrigins, routes, sessionTimeoutSeconds, maxSessions, maxSessionsPerClient, liveIdleTeardown, legs, eventLoopThreads, record, recordRoutes, maxDiskBytes, minFreeDiskBytes, seaming, c, viewers, routeSeaming, cache, routeLoops, routeTimeShift, channels, cluster);
  }

  public ProxyConfig withRouteSeaming(Map<String, SeamSettings> r) {
    return new ProxyConfig(bindAddress, rtspPort, adminBindAddress, adminPort, serverRtpPort, dataDir, allowOrigins, routes, sessionTimeoutSeconds, maxSessions, maxSessionsPerClient, liveIdleTeardown, legs, eventLoopThreads, record, recordRoutes, maxDiskBytes, minFreeDiskBytes, seaming, connections, viewers, r, cache, routeLoops, routeTimeShift, channels, cluster);
  }

  /** How the contents of {@code routeName} (null: none) are seamed. */
  public SeamSettings seamingFor(String routeName) {
    return routeName == null ? seaming : routeSeaming.getOrDefault(routeName, seaming);
  }

  public ProxyConfig withCache(org.seamcache.proxy.cache.CachePolicy c) {
    return new ProxyConfig(bindAddress, rtspPort, adminBindAddress, adminPort, serverRtpPort, dataDir, allowOrigins, routes, sessionTimeoutSeconds, maxSessions, maxSessionsPerClient, liveIdleTeardown, legs, eventLoopThreads, record, recordRoutes, maxDiskBytes, minFreeDiskBytes, seaming, connections, viewers, routeSeaming, c, routeLoops, routeTimeShift, channels, cluster);
  }

  public ProxyConfig withViewerAccess(org.seamcache.proxy.server.ViewerAccess v) {
    return new ProxyConfig(bindAddress, rtspPort, adminBindAddress, adminPort, serverRtpPort, dataDir, allowOrigins, routes, sessionTimeoutSeconds, maxSessions, maxSessionsPerClient, liveIdleTeardown, legs, eventLoopThreads, record, recordRoutes, maxDiskBytes, minFreeDiskBytes, seaming, connections, v, routeSeaming, cache, routeLoops, routeTimeShift, channels, cluster);
  }

  // onward streams
  public ProxyConfig withRouteLoops(Map<String, org.seamcache.proxy.cache.LoopCount> loops) {
    return new ProxyConfig(bindAddress, rtspPort, adminBindAddress, adminPort, serverRtpPort, dataDir, allowOrigins, routes, sessionTimeoutSeconds, maxSessions, maxSessionsPerClient, liveIdleTeardown, legs, eventLoopThreads, record, recordRoutes, maxDiskBytes, minFreeDiskBytes, seaming, connections, viewers, routeSeaming, cache, loops, routeTimeShift, channels, cluster);
  }

  public ProxyConfig withRouteTimeShift(Map<String, Duration> windows) {
    return new ProxyConfig(bindAddress, rtspPort, adminBindAddress, adminPort, serverRtpPort, dataDir, allowOrigins, routes, sessionTimeoutSeconds, maxSessions, maxSessionsPerClient, liveIdleTeardown, legs, eventLoopThreads, record, recordRoutes, maxDiskBytes, minFreeDiskBytes, seaming, connections, viewers, routeSeaming, cache, routeLoops, windows, channels, cluster);
  }

  /** How far back live viewers of {@code routeName} (null: none) may play from the recording. */
  public Duration timeShiftWindowFor(String routeName) {
    return routeName == null ? DEFAULT_TIME_SHIFT_WINDOW : routeTimeShift.getOrDefault(routeName, DEFAULT_TIME_SHIFT_WINDOW);
  }

  /** How many times the stored titles of {@code routeName} (null: none) play when served from disk. */
  public org.seamcache.proxy.cache.LoopCount loopsFor(String routeName) {
    return routeName == null ? org.seamcache.proxy.cache.LoopCount.ONCE : routeLoops.getOrDefault(routeName, org.seamcache.proxy.cache.LoopCount.ONCE);
  }

  public ProxyConfig withCluster(org.seamcache.proxy.cluster.ClusterSettings c) {
    return new ProxyConfig(bindAddress, rtspPort, adminBindAddress, adminPort, serverRtpPort, dataDir, allowOrigins, routes, sessionTimeoutSeconds, maxSessions, maxSessionsPerClient, liveIdleTeardown, legs, eventLoopThreads, record, recordRoutes, maxDiskBytes, minFreeDiskBytes, seaming, connections, viewers, routeSeaming, cache, routeLoops, routeTimeShift, channels, c);
  }

  // fault tests
  public ProxyConfig withSessionTimeout(int seconds) {
    return new ProxyConfig(bindAddress, rtspPort, adminBindAddress, adminPort, serverRtpPort, dataDir, allowOrigins, routes, seconds, maxSessions, maxSessionsPerClient, liveIdleTeardown, legs, eventLoopThreads, record, recordRoutes, maxDiskBytes, minFreeDiskBytes, seaming, connections, viewers, routeSeaming, cache, routeLoops, routeTimeShift, cluster);
  }
}
