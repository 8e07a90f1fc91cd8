package org.seamcache.storage;

import java.nio.ByteBuffer;

/**
 * One excerpt read back: metadata and a copy of the packet bytes. Immutable (the array is private;
 * {@link #packet()} returns a read-only view).
 */
public record RecordedPacket(
    ExcerptIndex index,
    PacketKind kind,
    int track,
    int leg,
    long arrivalNanos,
    long extendedSeq,
    long extendedTimestamp,
    boolean marker,
    int payloadType,
    long payloadHash,
    byte[] bytes) {

  public ByteBuffer packet() {
    return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
  }

  public int length() {
    return bytes.length;
  }
}
