package org.seamcache.proxy.cluster;

/**
 * When a live stream gets a relay node (`003`): once its viewers on one node pass {@code above},
 * the leader assigns another node to take the next viewers; once that node's viewers fall below
 * {@code below}, the leader releases it. Immutable.
 *
 * @param above viewers on one node past which a relay is assigned (0: never)
 * @param below a relay node's viewers under which it is released (1 to {@code above})
 */
public record RelayThresholds(int above, int below) {
  public static final RelayThresholds OFF = new RelayThresholds(0, 0);

  public RelayThresholds {
    if (above < 0) {
      throw new IllegalArgumentException("relay-above must be 0 (no relays) or more viewers, not " + above);
    }
    if (above > 0 && (below < 1 || below > above)) {
      throw new IllegalArgumentException("relay-below must be 1 to relay-above (" + above + ") viewers, not " + below);
    }
  }

  /** {@code above}, released below half of it (at least 1). */
  public static RelayThresholds above(int above) {
    return above == 0 ? OFF : new RelayThresholds(above, Math.max(1, above / 2));
  }

  public boolean on() {
    return above > 0;
  }

  /** Where {@code viewers} stands: -1 under {@code below}, 1 past {@code above}, else 0 (a change of band is published at once). */
  int band(int viewers) {
    if (!on()) {
      return 0;
    }
    return viewers > above ? 1 : viewers < below ? -1 : 0;
  }
}
