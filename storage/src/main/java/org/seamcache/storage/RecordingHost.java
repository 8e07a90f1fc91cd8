package org.seamcache.storage;

/** What a recording's writer asks of the storage that started it. Called on the writer thread. */
interface RecordingHost {

  /**
   * Makes room for a recording that now holds {@code storedBytes}, evicting other content if needed;
   * false if the budget cannot be met.
   */
  boolean makeRoom(String id, long storedBytes);

  /** The writer has stopped, its files are closed and its state is on disk. */
  void ended(Recording recording);
}
