package org.seamcache.storage;

/**
 * A snapshot of one recording's counters, for metrics and logs. Immutable.
 *
 * @param id content id
 * @param recordedPackets excerpts appended (RTP and RTCP) by this recording run
 * @param recordedBytes packet bytes appended
 * @param droppedPackets packets offered but not recorded (hand-off full, or offered after the stop)
 * @param rejectedPackets packets refused for a bad argument (unknown track, negative leg)
 * @param running the writer is still accepting packets
 * @param stopReason why it stopped, null while running
 * @param stopDetail the message behind the reason ("" if none)
 */
public record RecorderStats(
    String id,
    long recordedPackets,
    long recordedBytes,
    long droppedPackets,
    long rejectedPackets,
    boolean running,
    StopReason stopReason,
    String stopDetail) {

  /** True if the recording stopped for any reason other than {@link Recording#finish}. */
  public boolean failed() {
    return stopReason != null && stopReason != StopReason.FINISHED;
  }
}
