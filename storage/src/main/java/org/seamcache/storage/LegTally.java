package org.seamcache.storage;

import org.seamcache.seamer.GapMap;

/** Running counts of one (track, leg). Confined to the thread that feeds it. */
final class LegTally {

  final int track;
  final int leg;
  final GapMap received = new GapMap();
  long packets;
  long bytes;

  LegTally(int track, int leg) {
    this.track = track;
    this.leg = leg;
  }

  void add(long extendedSeq, int length) {
    packets++;
    bytes += length;
    received.add(extendedSeq);
  }

  LegSummary summary() {
    boolean empty = received.isEmpty();
    return new LegSummary(
        track,
        leg,
        packets,
        bytes,
        received.received(),
        empty ? 0 : received.first(),
        empty ? 0 : received.last(),
        received.gaps());
  }
}
