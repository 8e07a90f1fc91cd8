package org.seamcache.proxy.cache;

/**
 * When each packet of one viewer's playout is due: packets are paced by their RTP timestamps
 * against a monotonic clock, one media clock for all tracks (each track's media time counts from
 * its own first packet, as the origin started them together), so audio and video stay in sync.
 * Starting, seeking and pausing move the anchor (media time <-> clock). Time comes in as arguments.
 *
 * <p>A looping playout ({@link LoopCount}) plays the title again from its first packet each
 * {@link #periodSeconds()}: media time runs on across the loop point (play {@code r} of a packet at
 * {@code s} seconds is due at {@code r * period + s}), and {@link #round} tells which play a track's
 * next packet belongs to, so the caller numbers it on from the play before.
 *
 * <p>Confined to the viewer's event loop.
 */
public final class PlayoutPacer {
  private final StoredTitle title;
  private final LoopCount loops;
  private final double periodSeconds;
  private final int[] next;
  private final long[] round;
  private boolean playing;
  private double anchorMediaSeconds;
  private long anchorNanos;

  /** Plays the title once. */
  public PlayoutPacer(StoredTitle title) {
    this(title, LoopCount.ONCE);
  }

  public PlayoutPacer(StoredTitle title, LoopCount loops) {
    this.title = title;
    this.loops = loops;
    this.periodSeconds = loops.loops() ? title.loopPeriodSeconds() : title.durationSeconds();
    this.next = new int[title.tracks().size()];
    this.round = new long[title.tracks().size()];
  }

  /**
   * Positions the playout at {@code seconds} of media time (past the first play when it loops): the
   * track with key frames starts at its key frame at or before it (as the origin seeks), the others at
   * that key frame's media time. Returns the media time playing starts at.
   */
  public double seek(double seconds) {
    double at = Math.max(0, seconds);
    long r = 0;
    if (loops.loops() && periodSeconds > 0) {
      r = (long) Math.floor(at / periodSeconds);
      if (!loops.forever()) {
        r = Math.min(r, loops.times() - 1);
      }
    }
    double start = at - r * periodSeconds;
    for (StoredTitle.Track t : title.tracks()) {
      if (t.hasKeyframes()) {
        int k = t.keyframeAtOrBefore(start);
        start = t.size() == 0 ? start : t.mediaSeconds(k);
        break;
      }
    }
    for (StoredTitle.Track t : title.tracks()) {
      next[t.index()] = t.hasKeyframes() ? t.keyframeAtOrBefore(start) : t.firstAtOrAfter(start);
      round[t.index()] = r;
    }
    anchorMediaSeconds = r * periodSeconds + start;
    return anchorMediaSeconds;
  }

  /** Starts (or resumes) playing at the current position, now. */
  public void play(long nowNanos) {
    playing = true;
    anchorNanos = nowNanos;
  }

  /** Stops at the current position; the next {@link #play} resumes there. */
  public void pause(long nowNanos) {
    if (playing) {
      anchorMediaSeconds = mediaNow(nowNanos);
      playing = false;
    }
  }

  public boolean playing() {
    return playing;
  }

  /** The media time the playout stands at (counting every play before when it loops). */
  public double mediaNow(long nowNanos) {
    return playing ? anchorMediaSeconds + (nowNanos - anchorNanos) / 1e9 : anchorMediaSeconds;
  }

  /** The next packet of {@code track} if it is due at {@code nowNanos}, else -1 (also past the end). */
  public int due(int track, long nowNanos) {
    StoredTitle.Track t = title.tracks().get(track);
    int i = nextIndex(track);
    if (!playing || i >= t.size() || round[track] * periodSeconds + t.mediaSeconds(i) > mediaNow(nowNanos)) {
      return -1;
    }
    return i;
  }

  /** The packet {@link #due} returned was sent. */
  public void sent(int track) {
    next[track]++;
  }

  /** The next packet index of {@code track} (for RTP-Info); past the end of a play, the next play's first. */
  public int nextIndex(int track) {
    StoredTitle.Track t = title.tracks().get(track);
    if (next[track] >= t.size() && t.size() > 0 && !loops.isLast(round[track])) {
      next[track] = 0;
      round[track]++;
    }
    return next[track];
  }

  /** Which play (0 first) the next packet of {@code track} belongs to. */
  public long round(int track) {
    nextIndex(track);
    return round[track];
  }

  /** Media time between the starts of two plays (the title's duration when it plays once). */
  public double periodSeconds() {
    return periodSeconds;
  }

  /** Where the playout ends in media time: every play counted; infinite when it loops forever. */
  public double endSeconds() {
    if (loops.forever()) {
      return Double.POSITIVE_INFINITY;
    }
    return loops.loops() ? loops.times() * periodSeconds : title.durationSeconds();
  }

  /** Whether every track has sent its last packet (of its last play). */
  public boolean finished() {
    for (StoredTitle.Track t : title.tracks()) {
      if (nextIndex(t.index()) < t.size()) {
        return false;
      }
    }
    return true;
  }
}
