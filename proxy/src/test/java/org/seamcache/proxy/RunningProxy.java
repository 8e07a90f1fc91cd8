package org.seamcache.proxy;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.seamcache.proxy.route.Cidr;

/**
 * A JUnit 5 extension that runs the proxy in the test JVM on free loopback ports, allowed to
 * reach loopback origins unless told otherwise, and stops it (TEARDOWN upstream) after the class.
 */
public final class RunningProxy implements BeforeAllCallback, AfterAllCallback {
  private ProxyConfig config;
  private ProxyServer server;
  private Path dataDir;
  private final Map<String, Supplier<URI>> routes = new LinkedHashMap<>();
  private final Map<String, Supplier<String>> channels = new LinkedHashMap<>();

  private RunningProxy(ProxyConfig config) {
    this.config = config;
  }

  /** Loopback origins allowed, default limits, a 2 s live idle teardown. */
  public static RunningProxy allowingLoopback() {
    return new RunningProxy(base(List.of(Cidr.parse("127.0.0.0/8"))));
  }

  /** No origin range allowed: loopback origins must be refused. */
  public static RunningProxy strict() {
    return new RunningProxy(base(List.of()));
  }

  private static ProxyConfig base(List<Cidr> allow) {
    return ProxyConfig.defaults(0, 0, Path.of("unused"), allow, Map.of())
        .withBindAddress(InetAddress.getLoopbackAddress())
        .withLiveIdleTeardown(Duration.ofSeconds(2));
  }

  /** A route resolved when the proxy starts (so it can name an origin registered before it). */
  public RunningProxy route(String name, Supplier<URI> origin) {
    routes.put(name, origin);
    return this;
  }

  /** Recording stops below this free space: a huge value makes every disk "full". */
  public RunningProxy minFreeDisk(long bytes) {
    config = config.withMinFreeDisk(bytes);
    return this;
  }

  /** How live content is seamed (fill window, when legs open and close). */
  public RunningProxy seaming(org.seamcache.proxy.seam.SeamSettings settings) {
    config = config.withSeaming(settings);
    return this;
  }

  /** Viewer connection limits and timeouts. */
  public RunningProxy connections(org.seamcache.proxy.server.ConnectionLimits limits) {
    config = config.withConnectionLimits(limits);
    return this;
  }

  /** How the contents of one route are seamed (instead of {@link #seaming}). */
  public RunningProxy routeSeaming(String route, org.seamcache.proxy.seam.SeamSettings settings) {
    java.util.Map<String, org.seamcache.proxy.seam.SeamSettings> m = new java.util.HashMap<>(config.routeSeaming());
    m.put(route, settings);
    config = config.withRouteSeaming(m);
    return this;
  }

  /** Who may watch (viewer networks, users). */
  public RunningProxy viewers(org.seamcache.proxy.server.ViewerAccess access) {
    config = config.withViewerAccess(access);
    return this;
  }

  /** How titles are cached and their viewings reported. */
  public RunningProxy cache(org.seamcache.proxy.cache.CachePolicy policy) {
    config = config.withCache(policy);
    return this;
  }

  /**
   * Stops the proxy (as a graceful stop does) and starts another on the same data directory, with
   * {@code change} applied to its configuration: what a restart of the service does.
   */
  public void restart(java.util.function.UnaryOperator<ProxyConfig> change) throws InterruptedException {
    server.close();
    server = null;
    config = change.apply(config);
    Map<String, URI> resolved = new LinkedHashMap<>();
    routes.forEach((name, uri) -> resolved.put(name, uri.get()));
    server = ProxyServer.start(config.withDataDir(dataDir).withRoutes(resolved));
  }

  public RunningProxy limits(int total, int perClient) {
    config = config.withLimits(total, perClient);
    return this;
  }

  /** Any other setting (timeouts, leg settings) before the proxy starts. */
  public RunningProxy configure(java.util.function.UnaryOperator<ProxyConfig> change) {
    config = change.apply(config);
    return this;
  }

  /** Onward streams: how many times the stored titles of one route play when served from disk. */
  public RunningProxy routeLoops(String route, org.seamcache.proxy.cache.LoopCount loops) {
    java.util.Map<String, org.seamcache.proxy.cache.LoopCount> m = new java.util.HashMap<>(config.routeLoops());
    m.put(route, loops);
    config = config.withRouteLoops(m);
    return this;
  }

  /** How far back live viewers of one route may play from the recording. */
  public RunningProxy routeTimeShift(String route, Duration window) {
    java.util.Map<String, Duration> m = new java.util.HashMap<>(config.routeTimeShift());
    m.put(route, window);
    config = config.withRouteTimeShift(m);
    return this;
  }

  /** A time-offset channel, {@code offsets} as in the config ({@code 0,5s}), its source resolved when the proxy starts. */
  public RunningProxy channel(String name, Supplier<URI> source, String offsets) {
    channels.put(name, () -> source.get() + "@" + offsets);
    return this;
  }

  /** The proxy URL of one offset of a channel. */
  public URI channel(String name, String offset) {
    return URI.create("rtsp://127.0.0.1:" + port() + "/" + name + "/" + offset);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    dataDir = Files.createTempDirectory("seamcache-test");
    Map<String, URI> resolved = new LinkedHashMap<>();
    routes.forEach((name, uri) -> resolved.put(name, uri.get()));
    java.util.List<org.seamcache.proxy.onward.ChannelSpec> specs = new java.util.ArrayList<>();
    channels.forEach((name, value) -> specs.add(org.seamcache.proxy.onward.ChannelSpec.parse(name, value.get())));
    config = config.withDataDir(dataDir).withRoutes(resolved).withChannels(specs);
    server = ProxyServer.start(config);
  }

  /** The configuration the proxy runs with (after start: with its data directory and routes), e.g. to reload a changed copy. */
  public ProxyConfig config() {
    return config;
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (server != null) {
      server.close();
    }
  }

  public Path dataDir() {
    return dataDir;
  }

  /** The proxy URL of a configured route. */
  public URI route(String name) {
    return URI.create("rtsp://127.0.0.1:" + port() + "/" + name);
  }

  public ProxyServer server() {
    return server;
  }

  public int port() {
    return server.rtspAddress().getPort();
  }

  /** The proxy URL for an origin URL, in the URL-prefix form {@code rtsp://proxy/host:port/path}. */
  public URI via(URI origin) {
    return URI.create("rtsp://127.0.0.1:" + port() + "/" + origin.getHost() + ":" + origin.getPort() + origin.getPath());
  }
}
