package org.seamcache.seamer;

/**
 * Releases the canonical track's positions to a {@link SeamSink} in strictly increasing order and
 * keeps the output {@link GapMap}. A filled position at the front goes out at once; a missing one
 * waits until a later position has been there for {@code fillWindowNanos}. A fill of a leg not yet
 * trusted (confirmed since its alignment) is held until that leg's offset is confirmed at a later
 * position, or given up when the window ends; a trusted leg's fills go out at once.
 * Behind the reference ({@link SeamerConfig#releaseBehindReference()}), nothing beyond the reference's
 * newest position goes out, and a missing position's window starts when the reference went past it.
 * Package-private engine of {@link Seamer}; not thread-safe.
 */
final class SeamRelease {

  private final CanonicalTrack track;
  private final SeamSink sink;
  private long fillWindowNanos; // shortened while a content has a single leg (see Seamer#fillWindow)
  private final java.util.function.IntPredicate trustedLeg;
  private final java.util.function.IntToLongFunction confirmedUpTo;
  private final GapMap output = new GapMap();
  private boolean releasing; // the frontier exists once anything was released
  private long frontier;
  private long runStart = Long.MIN_VALUE; // current run of emitted positions, for the GapMap
  private long runEnd;
  private long emitted;
  private long heldDropped;
  private boolean acceptHeld;
  private final boolean behindReference;
  private long referenceHi = Long.MIN_VALUE;
  /** When the window of what the last release() stopped at ends; MAX_VALUE when no window is running. */
  private long waitingUntil = Long.MAX_VALUE;
  /** When the reference reached each of its newest positions (increasing), to time a gap's window from. */
  private final ReferenceProgress progress = new ReferenceProgress(1 << 10);

  SeamRelease(CanonicalTrack track, SeamSink sink, long fillWindowNanos, boolean behindReference,
      java.util.function.IntPredicate trustedLeg, java.util.function.IntToLongFunction confirmedUpTo) {
    this.behindReference = behindReference;
    this.track = track;
    this.trustedLeg = trustedLeg;
    this.confirmedUpTo = confirmedUpTo;
    this.sink = sink;
    this.fillWindowNanos = fillWindowNanos;
  }

  boolean isReleased(long p) {
    return releasing && p < frontier;
  }

  /** The next position to release, or {@code otherwise} before anything was released. */
  long frontierOr(long otherwise) {
    return releasing ? frontier : otherwise;
  }

  void fillWindow(long nanos) {
    fillWindowNanos = nanos;
  }

  /** The reference leg has a copy of position {@code p} (placed or not) that arrived at {@code arrivalNanos}. */
  void referenceAt(long p, long arrivalNanos) {
    if (p > referenceHi) {
      referenceHi = p;
      progress.add(p, arrivalNanos);
    }
  }

  void release(long nowNanos) {
    waitingUntil = Long.MAX_VALUE;
    if (!track.started()) {
      return;
    }
    start();
    long limit = behindReference ? Math.min(track.hi(), referenceHi) : track.hi();
    while (frontier <= limit) {
      if (track.isFilled(frontier)) {
        int leg = track.legAt(frontier);
        if (leg != 0 && frontier > confirmedUpTo.applyAsLong(leg) && !trustedLeg.test(leg)) {
          // A fill of a leg not yet trusted (confirmed by unique payloads since its alignment), not
          // yet confirmed beyond: hold it until that happens or the window ends. A leg aligned on a
          // shifted copy of periodic content is refuted by then, and its fills taken back. A trusted
          // leg's fills go out at once: waiting for a confirmation that the repeat horizon defers
          // beyond the window only delayed every packet behind a fill by the whole window.
          if (nowNanos - track.arrivalAt(frontier) < fillWindowNanos) {
            waitingUntil = track.arrivalAt(frontier) + fillWindowNanos;
            return;
          }
          heldDropped++;
          gap(frontier, frontier);
          frontier++;
          continue;
        }
        emit(frontier++);
        continue;
      }
      long next = frontier + 1;
      while (next <= limit && !track.isFilled(next)) {
        next++;
      }
      if (next > limit) {
        return; // nothing beyond the gap yet: no window runs until something arrives
      }
      long passed = passedAt(next);
      if (nowNanos - passed < fillWindowNanos) {
        waitingUntil = passed + fillWindowNanos;
        return;
      }
      gap(frontier, next - 1);
      frontier = next;
    }
  }

  /** When the output showed {@code next} was there: its arrival, or behind the reference when the reference reached it. */
  private long passedAt(long next) {
    if (!behindReference) {
      return track.arrivalAt(next);
    }
    progress.dropBelow(frontier);
    long at = progress.arrivalAtOrAfter(next);
    return at == Long.MIN_VALUE ? track.arrivalAt(next) : Math.max(at, track.arrivalAt(next));
  }

  /** Releases every position below {@code end}, filled or not. */
  void releaseUpTo(long end) {
    start();
    while (frontier < end) {
      if (track.isFilled(frontier) && (acceptHeld || releasable(track.legAt(frontier), frontier))) {
        emit(frontier++);
      } else if (track.isFilled(frontier)) {
        heldDropped++;
        gap(frontier, frontier);
        frontier++;
      } else {
        long next = frontier + 1;
        while (next < end && !track.isFilled(next)) {
          next++;
        }
        gap(frontier, next - 1);
        frontier = next;
      }
    }
  }

  private boolean releasable(int leg, long p) {
    return leg == 0 || p <= confirmedUpTo.applyAsLong(leg) || trustedLeg.test(leg);
  }

  /** Releases everything; {@code acceptHeld}: also fills still held (offline, where offsets were decided on all data). */
  void finish(boolean acceptHeld) {
    this.acceptHeld = acceptHeld;
    if (track.started()) {
      releaseUpTo(track.hi() + 1);
    }
    closeRun();
  }

  private void start() {
    if (!releasing) {
      releasing = true;
      frontier = track.lo();
    }
  }

  private void emit(long p) {
    sink.emit(p, track.timestampAt(p), track.legAt(p), track.refAt(p));
    emitted++;
    if (runStart != Long.MIN_VALUE && p == runEnd + 1) {
      runEnd = p;
    } else {
      closeRun();
      runStart = runEnd = p;
    }
  }

  private void gap(long first, long last) {
    if (emitted > 0) { // positions before anything was emitted are not a gap in the output
      sink.gap(first, last);
    }
  }

  private void closeRun() {
    if (runStart != Long.MIN_VALUE) {
      output.addRange(new GapMap.Range(runStart, runEnd));
      runStart = Long.MIN_VALUE;
    }
  }

  /**
   * When the fill window that stopped the last {@link #release} ends (on the arrival clock), or
   * {@code Long.MAX_VALUE} if nothing waits on a window: only an arrival can release more then.
   */
  long waitingUntil() {
    return waitingUntil;
  }

  long emitted() {
    return emitted;
  }

  /** Fills of unconfirmed legs that the window gave up on (released as gaps). */
  long heldDropped() {
    return heldDropped;
  }

  GapMap output() {
    return output;
  }
}
