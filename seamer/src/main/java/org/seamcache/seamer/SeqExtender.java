package org.seamcache.seamer;

/**
 * Extends 16-bit RTP sequence numbers to 64 bits across wrap-around, tolerating reordering and
 * rejecting absurd jumps.
 *
 * <p>Policy (after RFC 3550 Appendix A.1): a number up to {@code maxDropout} ahead of the highest
 * seen advances; one up to {@code maxMisorder} behind it (or equal) is late and gets the extended
 * value just below the highest; anything else is {@link ExtensionVerdict#REJECTED_JUMP rejected}.
 * If the number right after a rejected one arrives next, the jump is taken as real and the numbering
 * {@link ExtensionVerdict#RESYNCED resyncs} forward (the rejected packet stays rejected, as in the RFC).
 *
 * <p>The first number {@code s} maps to {@code 65536 + s}, so packets that arrive late from before a
 * wrap still get non-negative values. {@link #REJECTED} (negative) is returned for rejected numbers,
 * and {@link #lastVerdict()} says why. Not thread-safe: one instance per stream, confined to the
 * thread that receives it.
 */
public final class SeqExtender {

  /** Returned by {@link #extend(int)} for a number that got no extended value. */
  public static final long REJECTED = -1;
  /** RFC 3550 A.1's defaults: 3000 packets ahead, 100 behind. */
  public static final int DEFAULT_MAX_DROPOUT = 3000;
  public static final int DEFAULT_MAX_MISORDER = 100;

  private static final int MOD = 1 << 16;

  private final int maxDropout;
  private final int maxMisorder;
  private long highest = Long.MIN_VALUE; // extended; MIN_VALUE until the first packet
  private int probation = -1; // the 16-bit number that would confirm a rejected jump, or -1
  private ExtensionVerdict lastVerdict;
  private long rejected;
  private long resyncs;

  public SeqExtender() {
    this(DEFAULT_MAX_DROPOUT, DEFAULT_MAX_MISORDER);
  }

  /**
   * @param maxDropout largest forward step accepted without confirmation, 1..65535-maxMisorder
   * @param maxMisorder largest backward step accepted as reordering, 0..65535-maxDropout
   */
  public SeqExtender(int maxDropout, int maxMisorder) {
    if (maxDropout < 1 || maxMisorder < 0 || maxDropout + maxMisorder >= MOD) {
      throw new IllegalArgumentException(
          "maxDropout " + maxDropout + " + maxMisorder " + maxMisorder + " must be in 1..65535");
    }
    this.maxDropout = maxDropout;
    this.maxMisorder = maxMisorder;
  }

  /** Extends {@code seq} (0..65535); returns the extended number, or {@link #REJECTED}. */
  public long extend(int seq) {
    seq &= 0xFFFF;
    if (highest == Long.MIN_VALUE) {
      highest = MOD + seq;
      lastVerdict = ExtensionVerdict.FIRST;
      return highest;
    }
    int forward = (seq - (int) highest) & 0xFFFF; // 0..65535 steps ahead of the highest
    if (forward != 0 && forward < maxDropout) {
      highest += forward;
      probation = -1;
      lastVerdict = ExtensionVerdict.ADVANCED;
      return highest;
    }
    int backward = (MOD - forward) & 0xFFFF; // 0 when equal
    if (backward <= maxMisorder) {
      lastVerdict = ExtensionVerdict.LATE;
      return highest - backward;
    }
    if (seq == probation) {
      highest += forward; // the jump is confirmed: continue forward so positions never repeat
      probation = -1;
      resyncs++;
      lastVerdict = ExtensionVerdict.RESYNCED;
      return highest;
    }
    probation = (seq + 1) & 0xFFFF;
    rejected++;
    lastVerdict = ExtensionVerdict.REJECTED_JUMP;
    return REJECTED;
  }

  /** The verdict on the last number given to {@link #extend(int)}; null before the first. */
  public ExtensionVerdict lastVerdict() {
    return lastVerdict;
  }

  /** The highest extended number so far; only meaningful after the first packet. */
  public long highest() {
    return highest;
  }

  public boolean started() {
    return highest != Long.MIN_VALUE;
  }

  /** Numbers rejected as absurd jumps so far. */
  public long rejected() {
    return rejected;
  }

  /** Confirmed jumps so far. */
  public long resyncs() {
    return resyncs;
  }
}
