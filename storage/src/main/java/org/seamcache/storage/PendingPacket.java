package org.seamcache.storage;

/** A packet copied off the relay's buffer, waiting for the writer thread. Immutable by convention. */
record PendingPacket(
    PacketKind kind,
    int track,
    int leg,
    long arrivalNanos,
    long extendedSeq,
    long extendedTimestamp,
    boolean marker,
    boolean resynced,
    int payloadType,
    long payloadHash,
    byte[] bytes) {}
