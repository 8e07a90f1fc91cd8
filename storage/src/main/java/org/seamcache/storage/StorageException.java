package org.seamcache.storage;

/** A storage rule was broken or the disk failed; the message names which. */
public class StorageException extends RuntimeException {

  public StorageException(String message) {
    super(message);
  }

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
