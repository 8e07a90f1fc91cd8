package org.seamcache.storage;

/** Why a recording stopped. */
public enum StopReason {
  /** {@link Recording#finish} was called. */
  FINISHED,
  /** The hand-off queue overflowed: the writer could not keep up, so it stopped rather than keep holes. */
  FELL_BEHIND,
  /** Usable disk space fell below {@link StorageConfig#minFreeDiskBytes()}. */
  DISK_LOW,
  /** The disk budget was exceeded and nothing else could be evicted. */
  DISK_BUDGET,
  /** Appending failed (I/O error, mapped-file fault). */
  IO_ERROR,
  /** The writing process died (found on restart or by a reader). */
  WRITER_DIED,
  /** The storage was closed while recording. */
  STORAGE_CLOSED,
  /** The content could not be recorded at all: another writer has it, or it could not be opened. */
  NOT_STARTED
}
