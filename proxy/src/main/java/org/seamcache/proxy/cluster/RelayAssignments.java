package org.seamcache.proxy.cluster;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's relay assignments, watched in the registry (a {@link CuratorCache} of its own
 * directory only, so a decision wakes the two nodes it concerns and nobody else): the live streams
 * it pulls from a sibling, and those whose new viewers it sends to a sibling. A node that loses the
 * engine keeps the last it saw. Thread-safe; the listener is called on Curator's event thread.
 */
final class RelayAssignments implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RelayAssignments.class);

  private final NodeInfo self;
  private final CuratorCache cache;
  private final Map<String, RelayAssignment> pulls = new ConcurrentHashMap<>();
  private final Map<String, RelayAssignment> redirects = new ConcurrentHashMap<>();
  private volatile Cluster.RelayPulls listener = Cluster.RelayPulls.NONE;

  RelayAssignments(CuratorFramework zk, NodeInfo self) {
    this.self = self;
    this.cache = CuratorCache.build(zk, RegistryPaths.relaysOf(self.id()));
    cache.listenable().addListener(CuratorCacheListener.builder()
        .forCreatesAndChanges((before, now) -> changed(now, true))
        .forDeletes(gone -> changed(gone, false))
        .build());
  }

  void start() {
    cache.start();
  }

  void listener(Cluster.RelayPulls l) {
    listener = l;
    pulls.values().forEach(l::assigned); // those seen before it listened
  }

  private void changed(ChildData d, boolean present) {
    String name = d.getPath().substring(d.getPath().lastIndexOf('/') + 1);
    boolean pull = name.startsWith("pull.");
    if (!pull && !name.startsWith("redirect.")) {
      return; // the directory itself
    }
    Map<String, RelayAssignment> into = pull ? pulls : redirects;
    if (!present) {
      RelayAssignment was = into.remove(name);
      if (was != null) {
        if (pull) {
          log.info("cluster: relay of {} for {} released: ceasing", was.key(), was.from().id());
        } else {
          log.info("cluster: relay of {} by {} released: serving new viewers here again", was.key(), was.to().id());
        }
        if (pull) {
          listener.released(was);
        }
      }
      return;
    }
    RelayAssignment a;
    try {
      a = RelayAssignment.decode(d.getData());
    } catch (IllegalArgumentException | NullPointerException e) {
      return; // an entry we cannot read is no assignment
    }
    if (!(pull ? a.to() : a.from()).id().equals(self.id())) {
      return;
    }
    if (into.put(name, a) == null) {
      if (pull) {
        log.info("cluster: relaying {} for {}, pulled from there", a.key(), a.from().id());
      } else {
        log.info("cluster: new viewers of {} go to {}, its relay", a.key(), a.to().id());
      }
      if (pull) {
        listener.assigned(a);
      }
    }
  }

  /** The assignment by which this node pulls {@code key} from a sibling, if any. */
  Optional<RelayAssignment> pullOf(String key) {
    return Optional.ofNullable(pulls.get("pull." + RegistryPaths.hash(ContentKeyText.normal(key))));
  }

  /** The assignment by which this node sends new viewers of {@code key} to a sibling, if any. */
  Optional<RelayAssignment> redirectOf(String key) {
    return Optional.ofNullable(redirects.get("redirect." + RegistryPaths.hash(ContentKeyText.normal(key))));
  }

  /** Everything this node pulls or redirects now. */
  List<RelayAssignment> all() {
    List<RelayAssignment> out = new java.util.ArrayList<>(pulls.values());
    out.addAll(redirects.values());
    return out;
  }

  @Override
  public void close() {
    cache.close();
  }
}
