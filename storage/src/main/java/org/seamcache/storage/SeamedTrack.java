package org.seamcache.storage;

import java.util.List;

/**
 * The seamer's result for one track: the index (position → excerpt) and what each leg did. Immutable.
 *
 * @param index positions, copies and gaps
 * @param legs per leg, reference first
 * @param spanTicks canonical timestamp of the last position minus the first's (0 if fewer than two)
 */
record SeamedTrack(SeamedIndex index, List<LegAlignment> legs, long spanTicks) {

  SeamedTrack {
    legs = List.copyOf(legs);
  }
}
