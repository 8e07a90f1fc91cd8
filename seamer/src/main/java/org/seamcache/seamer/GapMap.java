package org.seamcache.seamer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The set of positions (extended sequence numbers or canonical indices) that were received, kept as
 * disjoint ranges, and therefore the gaps between them.
 *
 * <p>Memory is proportional to the number of gaps, not of packets. Adding in order (the usual case)
 * touches only the last range. Not thread-safe: confine to one thread.
 */
public final class GapMap {

  /** An inclusive range of positions. */
  public record Range(long first, long last) {
    public Range {
      if (last < first) {
        throw new IllegalArgumentException("range [" + first + ", " + last + "] is empty");
      }
    }

    public long length() {
      return last - first + 1;
    }
  }

  private final TreeMap<Long, Long> ranges = new TreeMap<>(); // first -> last, disjoint, not adjacent
  private long received;

  /** Marks {@code position} as received; returns false if it already was. */
  public boolean add(long position) {
    Map.Entry<Long, Long> floor = ranges.floorEntry(position);
    if (floor != null && floor.getValue() >= position) {
      return false;
    }
    received++;
    boolean joinsLeft = floor != null && floor.getValue() == position - 1;
    Long nextFirst = ranges.higherKey(position);
    boolean joinsRight = nextFirst != null && nextFirst == position + 1;
    if (joinsLeft && joinsRight) {
      ranges.put(floor.getKey(), ranges.remove(nextFirst));
    } else if (joinsLeft) {
      ranges.put(floor.getKey(), position);
    } else if (joinsRight) {
      ranges.put(position, ranges.remove(nextFirst));
    } else {
      ranges.put(position, position);
    }
    return true;
  }

  /** Marks every position of {@code range} as received, in time logarithmic in the number of ranges. */
  public void addRange(Range range) {
    long first = range.first();
    long last = range.last();
    long removed = 0;
    Map.Entry<Long, Long> floor = ranges.floorEntry(first);
    if (floor != null && floor.getValue() >= first - 1) {
      first = floor.getKey();
      last = Math.max(last, floor.getValue());
      removed += floor.getValue() - floor.getKey() + 1;
      ranges.remove(floor.getKey());
    }
    for (Map.Entry<Long, Long> next = ranges.ceilingEntry(first);
        next != null && next.getKey() <= last + 1;
        next = ranges.ceilingEntry(first)) {
      last = Math.max(last, next.getValue());
      removed += next.getValue() - next.getKey() + 1;
      ranges.remove(next.getKey());
    }
    ranges.put(first, last);
    received += last - first + 1 - removed;
  }

  public boolean contains(long position) {
    Map.Entry<Long, Long> floor = ranges.floorEntry(position);
    return floor != null && floor.getValue() >= position;
  }

  public boolean isEmpty() {
    return ranges.isEmpty();
  }

  /** Number of distinct positions received. */
  public long received() {
    return received;
  }

  /** Lowest position received; the map must not be empty. */
  public long first() {
    return ranges.firstKey();
  }

  /** Highest position received; the map must not be empty. */
  public long last() {
    return ranges.lastEntry().getValue();
  }

  /** Positions between {@link #first()} and {@link #last()} that were not received. */
  public long missing() {
    return isEmpty() ? 0 : last() - first() + 1 - received;
  }

  /** The received positions as ranges, in order. */
  public List<Range> receivedRanges() {
    List<Range> out = new ArrayList<>(ranges.size());
    ranges.forEach((f, l) -> out.add(new Range(f, l)));
    return out;
  }

  /** The missing ranges between {@link #first()} and {@link #last()}, in order. */
  public List<Range> gaps() {
    List<Range> out = new ArrayList<>(Math.max(0, ranges.size() - 1));
    Long previousLast = null;
    for (Map.Entry<Long, Long> e : ranges.entrySet()) {
      if (previousLast != null) {
        out.add(new Range(previousLast + 1, e.getKey() - 1));
      }
      previousLast = e.getValue();
    }
    return out;
  }

  @Override
  public String toString() {
    return "GapMap" + receivedRanges();
  }
}
