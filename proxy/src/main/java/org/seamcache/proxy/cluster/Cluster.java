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
   * A sibling (never this node) that holds a complete copy of the stored title {@code key}: one in
   * this node's zone first. Empty when none does, or while the engine cannot be reached; never fails.
   */
  CompletableFuture<Optional<TitleHolding>> completeCopyElsewhere(String key);

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
