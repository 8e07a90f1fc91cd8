package org.seamcache.seamer;

/**
 * Receives the seamed track from a {@link Seamer}, in strictly increasing canonical order. Called on
 * the seamer's thread.
 */
public interface SeamSink {

  /**
   * Position {@code position} is released with the copy from {@code leg}.
   *
   * @param timestamp canonical extended RTP timestamp (low 32 bits are the RTP timestamp)
   * @param reference the caller's reference given with the winning packet (an excerpt index, a file offset)
   */
  void emit(long position, long timestamp, int leg, long reference);

  /** Positions {@code first..last} are released without any copy (a gap in the output). */
  default void gap(long first, long last) {}

  /** A leg's packet disagreed with the track at {@code position}; the leg realigns. */
  default void divergence(int leg, long position) {}
}
