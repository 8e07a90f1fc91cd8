package org.seamcache.seamer;

/**
 * Measures missing sequence numbers of one leg per time interval, robust to reordering, duplicates
 * and wrap-around (it takes extended numbers from {@link SeqExtender}).
 *
 * <p>A bitmap of the last {@code windowPackets} positions below the highest number remembers what
 * arrived. A position is <em>judged</em> once the highest number is {@code reorderGracePackets}
 * beyond it: received if its bit is set, lost otherwise. So a packet reordered by fewer than the
 * grace never counts as lost, and a duplicate never counts twice. Positions are also judged when an
 * interval closes, up to the highest minus the grace, so each interval reports its own loss.
 *
 * <p>The grace can be given in time instead ({@link #withTimeGrace}): a position is then judged once
 * a higher number arrived at least the grace ago, so the verdict comes after the same wait at 50 and
 * at 5,000 packets a second (a packet grace of 256 is 3 s at a 90 packet/s video track, 50 ms at
 * 5,000 packets/s).
 *
 * <p>Time comes in as arguments: {@link #record} takes the arrival time and {@link #poll} closes the
 * interval when it is due (call it from a timer too, so a silent leg still produces intervals). Not
 * thread-safe: confine to the leg's thread.
 */
public final class LossMeter {

  private final long intervalNanos;
  private final int reorderGracePackets;
  private final int windowPackets; // power of two
  private final long[] bits;
  private final long graceNanos; // -1: the grace is in packets
  // time grace: (highest number, arrival) samples, oldest first, one per graceNanos/8 at most
  private static final int SAMPLES = 32;
  private final long[] sampleSeq = new long[SAMPLES];
  private final long[] sampleNanos = new long[SAMPLES];
  private int sampleHead;
  private int sampleCount;

  private boolean started;
  private long intervalStartNanos;
  private long firstSeq;
  private long highest;
  private long judgedUpTo; // every position <= judgedUpTo has been judged

  // current interval
  private long expected;
  private long lost;
  private long arrivals;
  private long duplicates;
  private long reordered;
  private long tooLate;

  // cumulative
  private long uniqueReceived;
  private long totalDuplicates;
  private long totalReordered;
  private long totalTooLate;
  private long totalJudgedLost;
  private LossInterval lastInterval;

  /** A meter with a 4096-packet window and a 256-packet reorder grace. */
  public LossMeter(long intervalNanos) {
    this(intervalNanos, 256, 4096);
  }

  /**
   * @param intervalNanos length of a measurement interval, &gt; 0
   * @param reorderGracePackets how far behind the highest a position may still arrive before it is judged
   * @param windowPackets positions remembered for duplicate detection; a power of two above twice the grace
   */
  public LossMeter(long intervalNanos, int reorderGracePackets, int windowPackets) {
    this(intervalNanos, reorderGracePackets, windowPackets, -1);
  }

  /**
   * A meter whose reorder grace is time: a missing position is judged lost once a higher number
   * arrived {@code graceNanos} ago or more (and in any case before it leaves the 4096-packet window).
   */
  public static LossMeter withTimeGrace(long intervalNanos, long graceNanos) {
    if (graceNanos <= 0) {
      throw new IllegalArgumentException("graceNanos must be positive, was " + graceNanos);
    }
    return new LossMeter(intervalNanos, 0, 4096, graceNanos);
  }

  private LossMeter(long intervalNanos, int reorderGracePackets, int windowPackets, long graceNanos) {
    if (intervalNanos <= 0) {
      throw new IllegalArgumentException("intervalNanos must be positive, was " + intervalNanos);
    }
    if (Integer.bitCount(windowPackets) != 1 || windowPackets < 64 || reorderGracePackets < 0
        || windowPackets < 2 * reorderGracePackets) {
      throw new IllegalArgumentException("windowPackets " + windowPackets
          + " must be a power of two >= 64 and >= twice reorderGracePackets " + reorderGracePackets);
    }
    this.intervalNanos = intervalNanos;
    this.reorderGracePackets = reorderGracePackets;
    this.windowPackets = windowPackets;
    this.bits = new long[windowPackets / 64];
    this.graceNanos = graceNanos;
  }

  /**
   * Records the arrival of extended sequence number {@code extSeq} (from {@link SeqExtender}) at
   * {@code arrivalNanos}; {@link SeqExtender#REJECTED} is ignored.
   */
  public void record(long extSeq, long arrivalNanos) {
    if (extSeq == SeqExtender.REJECTED) {
      return;
    }
    if (!started) {
      started = true;
      intervalStartNanos = arrivalNanos;
      firstSeq = extSeq;
      highest = extSeq;
      judgedUpTo = extSeq - 1;
    } else {
      poll(arrivalNanos);
    }
    arrivals++;
    if (extSeq > highest) {
      advanceTo(extSeq);
      sample(extSeq, arrivalNanos);
    } else if (extSeq <= judgedUpTo || extSeq <= highest - windowPackets) {
      if (extSeq < firstSeq && extSeq > highest - windowPackets && !isSet(extSeq)) {
        firstSeq = extSeq; // a packet from before the first one: the stream simply starts earlier
        set(extSeq);
        uniqueReceived++;
        reordered++;
        return;
      }
      tooLate++;
      return;
    } else if (extSeq < highest) {
      if (!isSet(extSeq)) {
        reordered++;
      }
    }
    if (isSet(extSeq)) {
      duplicates++;
      return;
    }
    set(extSeq);
    uniqueReceived++;
  }

  /**
   * Closes the current interval if {@code nowNanos} is past its end and returns it; otherwise null.
   * If several intervals passed without a call, the figures cover the whole elapsed span.
   */
  public LossInterval poll(long nowNanos) {
    if (!started || nowNanos - intervalStartNanos < intervalNanos) {
      return null;
    }
    judgeUpTo(graceNanos < 0 ? highest - reorderGracePackets : highestArrivedBy(nowNanos - graceNanos));
    long periods = (nowNanos - intervalStartNanos) / intervalNanos;
    long end = intervalStartNanos + periods * intervalNanos;
    lastInterval = new LossInterval(intervalStartNanos, end, expected, lost, arrivals, duplicates, reordered, tooLate);
    totalDuplicates += duplicates;
    totalReordered += reordered;
    totalTooLate += tooLate;
    intervalStartNanos = end;
    expected = lost = arrivals = duplicates = reordered = tooLate = 0;
    return lastInterval;
  }

  /** Remembers that {@code extSeq} was the highest at {@code nanos} (time grace only, thinned out). */
  private void sample(long extSeq, long nanos) {
    if (graceNanos < 0) {
      return;
    }
    if (sampleCount > 0) {
      int last = (sampleHead + sampleCount - 1) % SAMPLES;
      if (nanos - sampleNanos[last] < graceNanos / 8) {
        return; // the earlier sample stands for this one: judged a little later, never too early
      }
    }
    if (sampleCount == SAMPLES) {
      sampleHead = (sampleHead + 1) % SAMPLES;
      sampleCount--;
    }
    int i = (sampleHead + sampleCount) % SAMPLES;
    sampleSeq[i] = extSeq;
    sampleNanos[i] = nanos;
    sampleCount++;
  }

  /** The highest number that had arrived by {@code cutoffNanos} (per the samples), or nothing judged. */
  private long highestArrivedBy(long cutoffNanos) {
    long best = judgedUpTo;
    while (sampleCount > 0 && sampleNanos[sampleHead] - cutoffNanos <= 0) {
      best = Math.max(best, sampleSeq[sampleHead]);
      if (sampleCount == 1) {
        break; // keep the newest qualifying sample for the next poll
      }
      int next = (sampleHead + 1) % SAMPLES;
      if (sampleNanos[next] - cutoffNanos > 0) {
        break;
      }
      sampleHead = next;
      sampleCount--;
    }
    return best;
  }

  private void advanceTo(long extSeq) {
    // positions about to leave the window must be judged before their bits are reused
    judgeUpTo(extSeq - windowPackets);
    for (long p = Math.max(highest + 1, extSeq - windowPackets + 1); p < extSeq; p++) {
      clear(p);
    }
    clear(extSeq);
    highest = extSeq;
  }

  private void judgeUpTo(long position) {
    if (position <= judgedUpTo) {
      return;
    }
    long from = judgedUpTo + 1;
    long span = position - judgedUpTo;
    long inWindowFrom = Math.max(from, highest - windowPackets + 1);
    long missing = Math.max(0, inWindowFrom - from); // beyond the window: never received
    for (long p = inWindowFrom; p <= position && p <= highest; p++) {
      if (!isSet(p)) {
        missing++;
      }
    }
    if (position > highest) {
      missing += position - Math.max(highest, inWindowFrom - 1);
    }
    expected += span;
    lost += missing;
    totalJudgedLost += missing;
    judgedUpTo = position;
  }

  private boolean isSet(long p) {
    int i = (int) (p & (windowPackets - 1));
    return (bits[i >>> 6] & (1L << i)) != 0;
  }

  private void set(long p) {
    int i = (int) (p & (windowPackets - 1));
    bits[i >>> 6] |= 1L << i;
  }

  private void clear(long p) {
    int i = (int) (p & (windowPackets - 1));
    bits[i >>> 6] &= ~(1L << i);
  }

  /** The interval closed by the last {@link #poll}, or null. */
  public LossInterval lastInterval() {
    return lastInterval;
  }

  /** Highest extended number received; meaningful once a packet was recorded. */
  public long highest() {
    return highest;
  }

  /** Positions from the first to the highest number received. */
  public long cumulativeExpected() {
    return started ? highest - firstSeq + 1 : 0;
  }

  /** Distinct positions received. */
  public long cumulativeReceived() {
    return uniqueReceived;
  }

  /**
   * Positions not received so far ({@code expected - received}); it includes positions still inside
   * the reorder grace, which may yet arrive.
   */
  public long cumulativeLost() {
    return cumulativeExpected() - uniqueReceived;
  }

  /** Positions judged lost so far (final: outside the reorder grace). */
  public long cumulativeJudgedLost() {
    return totalJudgedLost;
  }

  public long cumulativeDuplicates() {
    return totalDuplicates + duplicates;
  }

  public long cumulativeReordered() {
    return totalReordered + reordered;
  }

  public long cumulativeTooLate() {
    return totalTooLate + tooLate;
  }
}
