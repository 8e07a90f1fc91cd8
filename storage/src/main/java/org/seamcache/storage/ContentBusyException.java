package org.seamcache.storage;

/** The content is being recorded (or read, for eviction) and the operation would disturb it. */
public final class ContentBusyException extends StorageException {

  public ContentBusyException(String message) {
    super(message);
  }
}
