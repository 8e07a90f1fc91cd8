package org.seamcache.proxy.cache;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.seamcache.seamer.GapMap;

/**
 * Which stretches of a stored title to fetch again so its copy becomes gap-free: each gap of a
 * track's seamed copy, mapped to media time through the timestamps of the packets around it, and
 * the part of the title the copy does not reach (a viewer who left early), padded and merged.
 * Media time counts from the track's first packet (the recording of a viewing from the start; the
 * padding absorbs the origin snapping a range start to the key frame before it). Stateless.
 */
public final class RepairRanges {

  /** One stretch of media time to fetch, in seconds. */
  public record Range(double startSeconds, double endSeconds) {
    /** As an RTSP Range header value. */
    public String npt() {
      return String.format(Locale.ROOT, "npt=%.3f-%.3f", startSeconds, endSeconds);
    }

    public double seconds() {
      return endSeconds - startSeconds;
    }
  }

  private RepairRanges() {}

  /**
   * The ranges for one track.
   *
   * @param positions canonical positions present, ascending
   * @param timestamps their canonical timestamps
   * @param gaps the track's missing positions
   * @param durationSeconds the title's duration (its SDP range), 0 when unknown
   * @param padSeconds added before and after each range
   */
  public static List<Range> forTrack(long[] positions, long[] timestamps, List<GapMap.Range> gaps, int clockRateHz,
      double durationSeconds, double padSeconds) {
    List<Range> out = new ArrayList<>();
    if (positions.length == 0) {
      if (durationSeconds > 0) {
        out.add(new Range(0, durationSeconds)); // nothing of this track: all of it
      }
      return out;
    }
    double clock = Math.max(1, clockRateHz);
    for (GapMap.Range g : gaps) {
      int after = firstAbove(positions, g.last());
      int before = after - 1;
      double start = before >= 0 ? (timestamps[before] - timestamps[0]) / clock : 0;
      double end = after < positions.length ? (timestamps[after] - timestamps[0]) / clock : durationSeconds;
      out.add(new Range(Math.max(0, start - padSeconds), end + padSeconds));
    }
    double reached = (timestamps[timestamps.length - 1] - timestamps[0]) / clock;
    if (durationSeconds > 0 && reached < durationSeconds - 1.0) {
      out.add(new Range(Math.max(0, reached - padSeconds), durationSeconds));
    }
    return out;
  }

  /** Ranges of all tracks, clipped to the title and merged where they touch or overlap. */
  public static List<Range> merge(List<Range> ranges, double durationSeconds) {
    List<Range> sorted = new ArrayList<>(ranges);
    sorted.sort(Comparator.comparingDouble(Range::startSeconds));
    List<Range> out = new ArrayList<>();
    for (Range r : sorted) {
      double end = durationSeconds > 0 ? Math.min(r.endSeconds(), durationSeconds) : r.endSeconds();
      Range clipped = new Range(Math.max(0, r.startSeconds()), end);
      if (clipped.endSeconds() <= clipped.startSeconds()) {
        continue;
      }
      if (!out.isEmpty() && clipped.startSeconds() <= out.get(out.size() - 1).endSeconds()) {
        Range last = out.remove(out.size() - 1);
        out.add(new Range(last.startSeconds(), Math.max(last.endSeconds(), clipped.endSeconds())));
      } else {
        out.add(clipped);
      }
    }
    return out;
  }

  private static int firstAbove(long[] positions, long position) {
    int lo = 0;
    int hi = positions.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (positions[mid] <= position) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
