package org.seamcache.storage;

import java.util.ArrayList;
import java.util.List;

/**
 * A catalog over one data directory: listing is the same for every reader (each content directory,
 * in id order, that {@link #get} can read); how one content is read is the subclass's business.
 */
abstract class DirectoryCatalog implements Catalog {
  private final DataLayout layout;

  DirectoryCatalog(DataLayout layout) {
    this.layout = layout;
  }

  @Override
  public final List<ContentInfo> list() {
    List<ContentInfo> out = new ArrayList<>();
    for (String id : layout.contentIds()) {
      get(id).ifPresent(out::add);
    }
    return out;
  }
}
