package org.seamcache.seamer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Everything a {@link Seamer} knows about one leg: its extenders, its alignment (offsets, or the
 * segments of packets still waiting in {@link LegAligner}s), what it filled under the current offset,
 * and its counters. Package-private; confined to the seamer's thread.
 */
final class LegState {
  final int id;
  final SeqExtender seq = new SeqExtender();
  final TimestampExtender ts;
  private final int minVotes;
  private final int maxPending;
  private final int repeatHorizon;
  /** Waiting packets, split where the leg's numbering jumped; the last one receives new packets. */
  final List<LegAligner> segments = new ArrayList<>();
  /** Positions filled since the current offset was accepted (taken back if it is refuted). */
  final LongList epochFills = new LongList();
  /** Overlapping packets that differed in a row, kept to be aligned again if the offset is refuted. */
  PacketColumns mismatches = new PacketColumns();
  /** Rejected packets (seq and raw ts in ext and ts), taken after all if their jump is confirmed. */
  final PacketColumns rejectedRecently = new PacketColumns();

  LegStatus status;
  String reason = "";
  long seqOffset;
  long tsOffset;
  long packets;
  long rejected;
  long contributed;
  long duplicates;
  long divergences;
  long timestampDivergences;
  long late;
  long withdrawn;
  long realignments;
  /** This leg's fills the reference contradicted in a row. */
  int refutedInRow;
  /** Packets of this leg that another leg confirmed since its offset was accepted. */
  long confirmations;
  /** Highest position where that happened (its fills up to here are bracketed by confirmations). */
  long confirmedUpTo = Long.MIN_VALUE;

  void confirm(long position) {
    confirmations++;
    confirmedUpTo = Math.max(confirmedUpTo, position);
  }

  void resetConfirmations() {
    confirmations = 0;
    confirmedUpTo = Long.MIN_VALUE;
  }

  /** Confirmations needed before a live leg's fills are released. */
  static final int CONFIRMATIONS_TO_TRUST = 4;

  /** True when this leg's fills may be released: the reference, or confirmed since its alignment. */
  boolean trusted() {
    return status == LegStatus.REFERENCE || confirmations >= CONFIRMATIONS_TO_TRUST;
  }
  long pendingAtEnd;
  /** False until a packet of this leg matched another leg's copy since its offset was accepted. */
  boolean matchedSinceAlignment;
  long leadInSkipped;
  long leadInLo;
  boolean hasAnchor;
  long anchorTimestamp;
  long anchorStartMicros;
  long leadInHi;

  LegState(int id, SeamerConfig config) {
    this.id = id;
    this.ts = TimestampExtender.forClock(config.clockRateHz(), config.maxTimestampJumpSeconds());
    this.minVotes = config.minVotes();
    this.maxPending = config.maxPendingPackets();
    this.repeatHorizon = config.repeatHorizonPackets();
    segments.add(newAligner());
  }

  LegAligner newAligner() {
    return new LegAligner(minVotes, maxPending, repeatHorizon);
  }

  /** The segment that takes newly arriving packets. */
  LegAligner active() {
    return segments.get(segments.size() - 1);
  }

  /** Starts a new segment (the numbering jumped; old and new packets cannot share one offset). */
  void splitSegment() {
    if (active().pendingCount() > 0) {
      segments.add(newAligner());
    }
  }

  long pendingCount() {
    long n = 0;
    for (LegAligner a : segments) {
      n += a.pendingCount();
    }
    return n;
  }

  /** A growable list of longs without boxing. */
  static final class LongList {
    long[] values = new long[16];
    int size;

    void add(long v) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }

    void clear() {
      size = 0;
    }

    void removeBelow(long floor) {
      int kept = 0;
      for (int i = 0; i < size; i++) {
        if (values[i] >= floor) {
          values[kept++] = values[i];
        }
      }
      size = kept;
    }
  }
}
