package org.seamcache.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The copy a content held when a run appending to it started (a repair, a prefetch, another
 * viewing), as the run before sealed it: its catalog entry then ({@code partial} or {@code
 * complete}) and every track's seamed index. The appending run rewrites the content's state and
 * indexes only when it ends; meanwhile readers can still play the copy it adds to, since the queue
 * is append-only and those excerpts never move. Immutable.
 *
 * @param info the content as the earlier run left it
 * @param tracks each track's seamed index of that run, in track order
 */
public record SealedCopy(ContentInfo info, List<SeamedIndex> tracks) {

  public SealedCopy {
    tracks = List.copyOf(tracks);
  }

  /** Track {@code track}'s seamed index. */
  public SeamedIndex track(int track) {
    return tracks.get(track);
  }

  /**
   * The copy the earlier run sealed, if it can be played: a sound, undamaged {@code partial} or
   * {@code complete} state, and an index file per track built over exactly the excerpts that run
   * ended with. Never seams the queue again (that would hold up the start of the run): a missing or
   * stale index gives none.
   */
  static Optional<SealedCopy> readIfSound(ContentFiles files, StoredDescriptor descriptor, StoredState earlier, long lastAccessMillis) {
    if (earlier == null || !earlier.damage().isEmpty()
        || (earlier.state() != ContentState.PARTIAL && earlier.state() != ContentState.COMPLETE)) {
      return Optional.empty();
    }
    List<SeamedIndex> indexes = new ArrayList<>();
    for (int t = 0; t < descriptor.content().tracks().size(); t++) {
      SeamedIndex index;
      try {
        index = SeamedIndexFile.read(files.seamedIndex(t));
      } catch (SeamedIndexFile.Damaged e) {
        return Optional.empty();
      }
      if (index == null || index.excerptsAtBuild() != earlier.summary().excerpts()) {
        return Optional.empty();
      }
      indexes.add(index);
    }
    ContentInfo info = ContentInfo.of(descriptor, earlier.state(), earlier.stateDetail(), earlier.stopReason(), earlier.stopDetail(),
        "", "", lastAccessMillis, earlier.summary());
    return Optional.of(new SealedCopy(info, indexes));
  }
}
