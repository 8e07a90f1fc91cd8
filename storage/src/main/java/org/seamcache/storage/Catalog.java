package org.seamcache.storage;

import java.util.List;
import java.util.Optional;

/** The read side of a data directory: which contents exist and what they hold. Thread-safe. */
public interface Catalog {

  /** Every content, ordered by id. */
  List<ContentInfo> list();

  Optional<ContentInfo> get(String id);
}
