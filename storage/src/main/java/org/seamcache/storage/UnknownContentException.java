package org.seamcache.storage;

/** No content with the given id exists in the data directory. */
public final class UnknownContentException extends StorageException {

  private final String id;

  public UnknownContentException(String id) {
    super("no content with id '" + id + "' in the data directory");
    this.id = id;
  }

  public String id() {
    return id;
  }
}
