package org.seamcache.proxy.seam;

import io.netty.buffer.ByteBuf;
import org.seamcache.seamer.RtpHeader;

/**
 * The packets a seamer may still release, held by reference: the seamer works on metadata only and
 * names a packet by the {@code long} {@link #put} returned. Every buffer put here is released exactly
 * once, whatever the seamer does with its packet: handed out by {@link #take} (the taker releases
 * it), or released here when it is older than the hold time ({@link #expireBefore}), when its slot is
 * needed again, or at {@link #releaseAll}. A packet the seamer drops (duplicate, late, refused) thus
 * needs no word from the seamer. References grow by one per packet in arrival order.
 *
 * <p>Confined to one event loop.
 */
public final class PacketRing {
  private final ByteBuf[] buffers;
  private final RtpHeader[] headers;
  private final long[] arrivals;
  private final int mask;
  private long next;
  private long oldest;
  private long evicted;
  private long expired;

  /** @param capacity packets held at most, a power of two */
  public PacketRing(int capacity) {
    if (Integer.bitCount(capacity) != 1) {
      throw new IllegalArgumentException("capacity " + capacity + " must be a power of two");
    }
    this.buffers = new ByteBuf[capacity];
    this.headers = new RtpHeader[capacity];
    this.arrivals = new long[capacity];
    this.mask = capacity - 1;
  }

  /** Holds {@code buffer} (whose reference this ring now owns) and returns its reference. */
  public long put(ByteBuf buffer, RtpHeader header, long arrivalNanos) {
    if (next - oldest > mask) {
      drop(oldest++);
      evicted++;
    }
    int i = (int) (next & mask);
    buffers[i] = buffer;
    headers[i] = header;
    arrivals[i] = arrivalNanos;
    return next++;
  }

  /** The header of a held packet, or null when it is no longer held. */
  public RtpHeader header(long reference) {
    return holds(reference) ? headers[(int) (reference & mask)] : null;
  }

  /** Hands a held packet over (the caller releases it), or null when it is no longer held. */
  public ByteBuf take(long reference) {
    if (!holds(reference)) {
      return null;
    }
    int i = (int) (reference & mask);
    ByteBuf b = buffers[i];
    buffers[i] = null;
    headers[i] = null;
    return b;
  }

  private boolean holds(long reference) {
    return reference >= oldest && reference < next && buffers[(int) (reference & mask)] != null;
  }

  /** Releases every packet that arrived before {@code cutoffNanos} and was not taken. */
  public void expireBefore(long cutoffNanos) {
    while (oldest < next && arrivals[(int) (oldest & mask)] - cutoffNanos < 0) {
      if (buffers[(int) (oldest & mask)] != null) {
        expired++;
      }
      drop(oldest++);
    }
  }

  /** Releases everything held. */
  public void releaseAll() {
    while (oldest < next) {
      drop(oldest++);
    }
  }

  private void drop(long reference) {
    int i = (int) (reference & mask);
    ByteBuf b = buffers[i];
    buffers[i] = null;
    headers[i] = null;
    if (b != null) {
      b.release();
    }
  }

  /** Packets held now (taken ones included until their slot is passed). */
  public int held() {
    return (int) (next - oldest);
  }

  /** Packets released untaken because the ring was full. */
  public long evicted() {
    return evicted;
  }

  /** Packets released untaken because they outlived the hold time. */
  public long expired() {
    return expired;
  }
}
