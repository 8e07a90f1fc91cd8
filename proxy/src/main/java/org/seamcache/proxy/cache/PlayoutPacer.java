package org.seamcache.proxy.cache;

/**
 * When each packet of one viewer's playout is due: packets are paced by their RTP timestamps
 * against a monotonic clock, one media clock for all tracks (each track's media time counts from
 * its own first packet, as the origin started them together), so audio and video stay in sync.
 * Starting, seeking and pausing move the anchor (media time <-> clock). Time comes in as arguments.
 *
 * <p>Confined to the viewer's event loop.
 */
public final class PlayoutPacer {
  private final StoredTitle title;
  private final int[] next;
  private boolean playing;
  private double anchorMediaSeconds;
  private long anchorNanos;

  public PlayoutPacer(StoredTitle title) {
    this.title = title;
    this.next = new int[title.tracks().size()];
  }

  /**
   * Positions the playout at {@code seconds}: the track with key frames starts at its key frame at or
   * before it (as the origin seeks), the others at that key frame's media time. Returns the media
   * time playing starts at.
   */
  public double seek(double seconds) {
    double start = Math.max(0, seconds);
    for (StoredTitle.Track t : title.tracks()) {
      if (t.hasKeyframes()) {
        int k = t.keyframeAtOrBefore(start);
        start = t.size() == 0 ? start : t.mediaSeconds(k);
        break;
      }
    }
    for (StoredTitle.Track t : title.tracks()) {
      next[t.index()] = t.hasKeyframes() ? t.keyframeAtOrBefore(start) : t.firstAtOrAfter(start);
    }
    anchorMediaSeconds = start;
    return start;
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

  /** The media time the playout stands at. */
  public double mediaNow(long nowNanos) {
    return playing ? anchorMediaSeconds + (nowNanos - anchorNanos) / 1e9 : anchorMediaSeconds;
  }

  /** The next packet of {@code track} if it is due at {@code nowNanos}, else -1 (also past the end). */
  public int due(int track, long nowNanos) {
    StoredTitle.Track t = title.tracks().get(track);
    int i = next[track];
    if (!playing || i >= t.size() || t.mediaSeconds(i) > mediaNow(nowNanos)) {
      return -1;
    }
    return i;
  }

  /** The packet {@link #due} returned was sent. */
  public void sent(int track) {
    next[track]++;
  }

  /** The next packet index of {@code track} (for RTP-Info). */
  public int nextIndex(int track) {
    return next[track];
  }

  /** Whether every track has sent its last packet. */
  public boolean finished() {
    for (StoredTitle.Track t : title.tracks()) {
      if (next[t.index()] < t.size()) {
        return false;
      }
    }
    return true;
  }
}
