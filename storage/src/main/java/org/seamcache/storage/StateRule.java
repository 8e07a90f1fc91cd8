package org.seamcache.storage;

import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * Decides the state a finished (or recovered) run is stored with, and says why in words. Stateless.
 *
 * <p>Stored content counts as covered when every track's timestamps span its SDP duration less
 * {@link #COVERAGE_TOLERANCE_SECONDS} (the last frame starts one frame before the end, and origins
 * round the range): without RTP-Info the position of the first packet in the content is not known,
 * so a gap at the beginning and one at the end show up together as a shortfall.
 */
final class StateRule {

  static final double COVERAGE_TOLERANCE_SECONDS = 1.0;

  /** A state and the reason for it ("" for complete). */
  record Verdict(ContentState state, String detail) {}

  private StateRule() {}

  /**
   * @param stop why the run stopped (WRITER_DIED for a recovered one)
   * @param normalEnd the relay finished it with {@code finish(true)}
   * @param damage the first problem found in its files ("" if none)
   */
  static Verdict decide(StopReason stop, boolean normalEnd, String damage, RecordingSummary summary,
      ContentDescriptor content) {
    if (!damage.isEmpty()) {
      return new Verdict(ContentState.INCOMPLETE, "damaged files");
    }
    if (stop != StopReason.FINISHED) {
      return new Verdict(ContentState.INCOMPLETE, "the recording stopped early (" + stop.name().toLowerCase(Locale.ROOT) + ")");
    }
    if (!normalEnd) {
      return new Verdict(ContentState.PARTIAL, "the relay ended it abnormally: not all of it was fetched");
    }
    StringBuilder why = new StringBuilder();
    OptionalDouble duration = SdpDuration.of(content.sdp());
    List<TrackSummary> tracks = summary.tracks();
    for (TrackInfo t : content.tracks()) {
      TrackSummary s = t.index() < tracks.size() ? tracks.get(t.index()) : null;
      if (s == null || s.received() == 0) {
        add(why, "track " + t.index() + " (" + t.mediaType() + ") has no packets");
        continue;
      }
      if (!s.gaps().isEmpty()) {
        add(why, "track " + t.index() + " has " + s.gaps().size() + " gap(s), " + s.missing() + " position(s) missing");
      }
      if (duration.isPresent()) {
        double covered = (double) s.spanTicks() / Math.max(1, t.clockRateHz());
        if (covered < duration.getAsDouble() - COVERAGE_TOLERANCE_SECONDS) {
          add(why, String.format(Locale.ROOT, "track %d covers %.1f s of %.1f s", t.index(), covered,
              duration.getAsDouble()));
        }
      }
    }
    return why.length() == 0 ? new Verdict(ContentState.COMPLETE, "") : new Verdict(ContentState.PARTIAL, why.toString());
  }

  private static void add(StringBuilder why, String reason) {
    why.append(why.length() == 0 ? "" : "; ").append(reason);
  }
}
