package org.seamcache.proxy.cache;

import java.util.List;
import org.seamcache.proxy.upstream.ContentDescription;

/**
 * A recorded title ready to be played from disk: its description, and per track the seamed copy in
 * canonical order (where each packet's bytes are, its canonical position and timestamp, whether it
 * starts a key frame). Read once from the recording and shared, read-only, by all its viewers.
 * Immutable.
 *
 * @param id the storage content id (each viewer opens its own reader of it)
 * @param durationSeconds the longest track's media duration
 */
public record StoredTitle(String id, String originUrl, ContentDescription description, List<Track> tracks, double durationSeconds) {

  public StoredTitle {
    tracks = List.copyOf(tracks);
  }

  /**
   * How far apart two plays of the title start when it loops: its duration, or longer when a track's
   * last packet plus one packet interval runs past it (so the next play's first packet never lands
   * before the last one of the play before, which a player would take as time going backwards).
   */
  public double loopPeriodSeconds() {
    double period = durationSeconds;
    for (Track t : tracks) {
      if (t.size() > 0) {
        period = Math.max(period, t.mediaSeconds(t.size() - 1) + t.meanIntervalSeconds());
      }
    }
    return period;
  }

  /**
   * One track's seamed copy, in canonical order; arrays of equal length (primitive columns keep a
   * two-hour title to a few tens of MB).
   *
   * @param excerpts the excerpt index of each packet's bytes in the recording
   * @param positions canonical positions (gaps where the copy has none)
   * @param timestamps canonical extended RTP timestamps
   * @param keyframes whether the packet starts a key frame (always false for tracks without key frames)
   */
  public record Track(int index, int clockRateHz, long[] excerpts, long[] positions, long[] timestamps, boolean[] keyframes) {

    public int size() {
      return positions.length;
    }

    /** Media time of packet {@code i} in seconds from the track's first packet. */
    public double mediaSeconds(int i) {
      return (timestamps[i] - timestamps[0]) / (double) clockRateHz;
    }

    /**
     * The first packet of the last key frame at or before {@code seconds} (its parameter sets
     * included: every packet of its access unit shares its timestamp); 0 when none.
     */
    public int keyframeAtOrBefore(double seconds) {
      int best = 0;
      for (int i = 0; i < size() && mediaSeconds(i) <= seconds + 1e-9; i++) {
        if (keyframes[i]) {
          best = i;
        }
      }
      while (best > 0 && timestamps[best - 1] == timestamps[best]) {
        best--;
      }
      return best;
    }

    /** The first packet at or after {@code seconds}; {@link #size()} when past the end. */
    public int firstAtOrAfter(double seconds) {
      for (int i = 0; i < size(); i++) {
        if (mediaSeconds(i) >= seconds - 1e-9) {
          return i;
        }
      }
      return size();
    }

    /** Canonical positions from the first packet to the last, both counted (gaps included). */
    public long positionSpan() {
      return size() == 0 ? 0 : positions[size() - 1] - positions[0] + 1;
    }

    /** The mean time between packets of distinct timestamps (one frame of video); 0 with fewer than two. */
    public double meanIntervalSeconds() {
      int distinct = 0;
      for (int i = 0; i < size(); i++) {
        if (i == 0 || timestamps[i] != timestamps[i - 1]) {
          distinct++;
        }
      }
      return distinct < 2 ? 0 : mediaSeconds(size() - 1) / (distinct - 1);
    }

    public boolean hasKeyframes() {
      for (boolean k : keyframes) {
        if (k) {
          return true;
        }
      }
      return false;
    }
  }
}
