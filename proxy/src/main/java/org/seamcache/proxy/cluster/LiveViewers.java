package org.seamcache.proxy.cluster;

/**
 * A live stream this node relays now, as it reports it to the registry. Immutable.
 *
 * @param key the content key (the origin URL)
 * @param routeName the configured route it was started through, or null (its relay thresholds are that route's)
 * @param viewers its viewers on this node now (a sibling pulling it counts as one)
 * @param depth how many nodes its feed passes before this one: 0 from the origin, 1 from a sibling fed by it...
 */
public record LiveViewers(String key, String routeName, int viewers, int depth) {
  /** Fed by the origin. */
  public LiveViewers(String key, String routeName, int viewers) {
    this(key, routeName, viewers, 0);
  }
}
