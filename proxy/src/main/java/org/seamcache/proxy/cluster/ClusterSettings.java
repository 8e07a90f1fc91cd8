package org.seamcache.proxy.cluster;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.seamcache.proxy.server.ClusterTokens;

/**
 * How a node takes part in a cluster. Immutable.
 *
 * @param connectString the ZooKeeper ensemble ({@code host:port,host:port[/chroot]}); null: standalone
 * @param nodeId this node's name in the registry (unique in the cluster)
 * @param nodeUrl where viewers reach this node ({@code rtsp://host:port}); siblings redirect here
 * @param zone this node's zone or rack (siblings in the same zone are preferred)
 * @param sessionTimeout how long the engine waits for a silent node before its entries vanish
 * @param publishInterval entries are written at most once per interval each, and only when changed
 * @param policy what to do with a title a sibling holds, unless its route says otherwise
 * @param routePolicies a route's own policy, where it differs
 * @param tokens node-to-node tokens under the cluster secret (null: none; siblings then admit this
 *     node's requests, and viewers it sends them, by their viewer rules only)
 * @param relays when a live stream gets a relay node, unless its route says otherwise (off by default)
 * @param routeRelays a route's own relay thresholds, where they differ
 */
public record ClusterSettings(
    String connectString, String nodeId, URI nodeUrl, String zone, Duration sessionTimeout, Duration publishInterval,
    SiblingPolicy policy, Map<String, SiblingPolicy> routePolicies, ClusterTokens tokens,
    RelayThresholds relays, Map<String, RelayThresholds> routeRelays) {

  public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(6);
  public static final Duration DEFAULT_PUBLISH_INTERVAL = Duration.ofSeconds(1);

  public ClusterSettings {
    routePolicies = Map.copyOf(routePolicies);
    relays = relays == null ? RelayThresholds.OFF : relays;
    routeRelays = routeRelays == null ? Map.of() : Map.copyOf(routeRelays);
    if (connectString != null) {
      if (nodeId == null || !nodeId.matches("[A-Za-z0-9._-]{1,64}")) {
        throw new IllegalArgumentException("node id '" + nodeId + "' must be 1-64 letters, digits, '.', '_' or '-'");
      }
      if (nodeUrl == null || !"rtsp".equals(nodeUrl.getScheme()) || nodeUrl.getHost() == null) {
        throw new IllegalArgumentException("node URL '" + nodeUrl + "' must be rtsp://host:port");
      }
      if (sessionTimeout.toMillis() < 1000 || sessionTimeout.toMillis() > 60_000) {
        throw new IllegalArgumentException("cluster session timeout must be 1-60 s");
      }
    }
  }

  /** Without a cluster secret. */
  public ClusterSettings(String connectString, String nodeId, URI nodeUrl, String zone, Duration sessionTimeout, Duration publishInterval,
      SiblingPolicy policy, Map<String, SiblingPolicy> routePolicies) {
    this(connectString, nodeId, nodeUrl, zone, sessionTimeout, publishInterval, policy, routePolicies, null);
  }

  /** Without relays. */
  public ClusterSettings(String connectString, String nodeId, URI nodeUrl, String zone, Duration sessionTimeout, Duration publishInterval,
      SiblingPolicy policy, Map<String, SiblingPolicy> routePolicies, ClusterTokens tokens) {
    this(connectString, nodeId, nodeUrl, zone, sessionTimeout, publishInterval, policy, routePolicies, tokens, RelayThresholds.OFF, Map.of());
  }

  /** With node-to-node tokens under the cluster secret. */
  public ClusterSettings withTokens(ClusterTokens t) {
    return new ClusterSettings(connectString, nodeId, nodeUrl, zone, sessionTimeout, publishInterval, policy, routePolicies, t, relays, routeRelays);
  }

  /** With load-triggered relays of live streams: {@code all} unless a route has its own in {@code byRoute}. */
  public ClusterSettings withRelays(RelayThresholds all, Map<String, RelayThresholds> byRoute) {
    return new ClusterSettings(connectString, nodeId, nodeUrl, zone, sessionTimeout, publishInterval, policy, routePolicies, tokens, all, byRoute);
  }

  /** This node's identity: {@code url} where viewers reach it. */
  public ClusterSettings withNodeUrl(URI url) {
    return new ClusterSettings(connectString, nodeId, url, zone, sessionTimeout, publishInterval, policy, routePolicies, tokens, relays, routeRelays);
  }

  /** The relay thresholds of a live stream reached through {@code routeName} (null: by URL). */
  public RelayThresholds relaysFor(String routeName) {
    return routeName == null ? relays : routeRelays.getOrDefault(routeName, relays);
  }

  /** No cluster: a node alone, no engine. */
  public static ClusterSettings standalone() {
    return new ClusterSettings(null, null, null, "", DEFAULT_SESSION_TIMEOUT, DEFAULT_PUBLISH_INTERVAL, SiblingPolicy.REDIRECT, Map.of());
  }

  public boolean joins() {
    return connectString != null;
  }

  /** The policy of a content reached through {@code routeName} (null: by URL). */
  public SiblingPolicy policyFor(String routeName) {
    return routeName == null ? policy : routePolicies.getOrDefault(routeName, policy);
  }
}
