package org.seamcache.seamer;

import java.util.Arrays;

/**
 * Live: matches between two legs at a position near the track's front, waiting until the track
 * extends the repeat horizon ({@link SeamerConfig#repeatHorizonPackets()}) past them, so that a payload that is unique only so far
 * (the first copy of a repeated block) never confirms a leg's offset. A FIFO of parallel arrays in
 * arrival order (positions are close to increasing, so the front is drained as the track advances).
 *
 * <p>Package-private engine of {@link Seamer}; not thread-safe.
 */
final class DeferredConfirmations {

  /** Receives a match whose payload is still unique in the track once the horizon has passed it. */
  interface Settled {
    void confirm(long position, int holder, int confirmer);
  }

  private long[] position = new long[64];
  private long[] hash = new long[64];
  private int[] holder = new int[64];
  private int[] confirmer = new int[64];
  private int head;
  private int tail;

  void add(long p, long payloadHash, int holderLeg, int confirmerLeg) {
    if (tail == position.length) {
      compactOrGrow();
    }
    position[tail] = p;
    hash[tail] = payloadHash;
    holder[tail] = holderLeg;
    confirmer[tail] = confirmerLeg;
    tail++;
  }

  /** Settles every match at the front at or below {@code upTo}: confirmed if its payload is still unique there. */
  void drain(long upTo, CanonicalTrack track, Settled settled) {
    while (head < tail && position[head] <= upTo) {
      long p = position[head];
      if (track.isFilled(p) && track.hashAt(p) == hash[head] && track.legAt(p) == holder[head]
          && track.uniquePosition(hash[head]) == p) {
        settled.confirm(p, holder[head], confirmer[head]);
      }
      head++;
    }
    if (head == tail) {
      head = tail = 0;
    }
  }

  int size() {
    return tail - head;
  }

  private void compactOrGrow() {
    int n = tail - head;
    if (head >= position.length / 2) {
      System.arraycopy(position, head, position, 0, n);
      System.arraycopy(hash, head, hash, 0, n);
      System.arraycopy(holder, head, holder, 0, n);
      System.arraycopy(confirmer, head, confirmer, 0, n);
    } else {
      position = Arrays.copyOfRange(position, head, position.length * 2 + head);
      hash = Arrays.copyOfRange(hash, head, hash.length * 2 + head);
      holder = Arrays.copyOfRange(holder, head, holder.length * 2 + head);
      confirmer = Arrays.copyOfRange(confirmer, head, confirmer.length * 2 + head);
    }
    head = 0;
    tail = n;
  }
}
