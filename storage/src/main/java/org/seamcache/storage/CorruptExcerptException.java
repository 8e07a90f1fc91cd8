package org.seamcache.storage;

/**
 * An excerpt failed its checks (length, checksum, kind). The reader has moved past it, so reading
 * can go on with the next excerpt.
 */
public final class CorruptExcerptException extends StorageException {

  private final ExcerptIndex index;

  public CorruptExcerptException(ExcerptIndex index, String rule) {
    super("excerpt " + index + " is corrupt: " + rule);
    this.index = index;
  }

  public ExcerptIndex index() {
    return index;
  }
}
