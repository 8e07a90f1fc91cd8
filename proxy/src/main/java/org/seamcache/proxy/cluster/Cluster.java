package org.seamcache.proxy.cluster;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** This node's view of its siblings. Thread-safe. */
public interface Cluster extends AutoCloseable {

  /** A node alone: no engine, no siblings, nothing published. */
  static Cluster standalone() {
    return Standalone.INSTANCE;
  }

  /**
   * A sibling (never this node) that holds a complete copy of the stored title {@code key}: the
   * cheapest by its viewers and zone ({@code SiblingCost}). Empty when none does, or while the engine
   * cannot be reached; never fails.
   */
  CompletableFuture<Optional<TitleHolding>> completeCopyElsewhere(String key);

  /**
   * A sibling (never this node) recording the stored title {@code key} now, when none holds it
   * complete: the title is coming there. Empty when none is, or the engine is away; never fails.
   */
  default CompletableFuture<Optional<TitleHolding>> recordingElsewhere(String key) {
    return CompletableFuture.completedFuture(Optional.empty());
  }

  /** What a content reached through {@code routeName} (null: by URL) does when a sibling holds it. */
  SiblingPolicy policyFor(String routeName);

  /**
   * {@code url} on a sibling with this node's node-to-node token for it (see {@code ClusterTokens}),
   * or as it is when the cluster has no secret.
   */
  default String signedForSibling(String url) {
    return url;
  }

  /** Counts a viewer sent to a sibling. */
  default void redirected() {}

  /** Counts an upstream leg opened to a sibling. */
  default void fetchedFromSibling() {}

  /**
   * The relay assignment by which this node pulls the live stream {@code key} from a sibling
   * (`003`): its upstream legs for it go to that sibling, not the origin. Empty when none.
   */
  default Optional<RelayAssignment> relayPullOf(String key) {
    return Optional.empty();
  }

  /** The relay assignment by which this node sends new viewers of the live stream {@code key} to a sibling; empty when none. */
  default Optional<RelayAssignment> relayRedirectOf(String key) {
    return Optional.empty();
  }

  /**
   * Whether live streams reached through {@code routeName} have relays ({@code relay-above} set):
   * then a node without the stream pulls it from a sibling carrying it ({@link #liveCarrierElsewhere}).
   */
  default boolean relays(String routeName) {
    return false;
  }

  /**
   * A sibling (never this node) carrying the live stream {@code key} now, to pull it from (see
   * {@code SiblingCost#carrier}). Empty when none does, or the engine is away; never fails.
   */
  default CompletableFuture<Optional<LiveHolding>> liveCarrierElsewhere(String key) {
    return CompletableFuture.completedFuture(Optional.empty());
  }

  /** Tells {@code l} of each relay this node is assigned to pull, and of its release (once each). */
  default void onRelayPulls(RelayPulls l) {}

  /** What a node does on its relay assignments: open the stream from the feeding node, and cease. */
  interface RelayPulls {
    RelayPulls NONE = new RelayPulls() {
      @Override
      public void assigned(RelayAssignment a) {}

      @Override
      public void released(RelayAssignment a) {}
    };

    void assigned(RelayAssignment a);

    void released(RelayAssignment a);
  }

  /** For {@code /status}. */
  ClusterStatus status();

  /** Leaves the cluster: this node's entries vanish at once. */
  @Override
  void close();

  /** The standalone node. */
  final class Standalone implements Cluster {
    static final Standalone INSTANCE = new Standalone();

    private Standalone() {}

    @Override
    public CompletableFuture<Optional<TitleHolding>> completeCopyElsewhere(String key) {
      return CompletableFuture.completedFuture(Optional.empty());
    }

    @Override
    public SiblingPolicy policyFor(String routeName) {
      return SiblingPolicy.ORIGIN;
    }

    @Override
    public ClusterStatus status() {
      return ClusterStatus.STANDALONE;
    }

    @Override
    public void close() {}
  }
}
