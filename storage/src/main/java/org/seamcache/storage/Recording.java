package org.seamcache.storage;

import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One content being written. The relay hands packets over with {@link #offerRtp}/{@link
 * #offerRtcp}, which copy the bytes into a bounded queue and return at once; a dedicated writer
 * thread appends them to the content's Chronicle queue. When the queue is full, the disk runs low or
 * appending fails, the recording stops (one log line, {@link #stats()} tells why) and further offers
 * return false: the relay never waits for the disk.
 *
 * <p>Thread-safe: any number of relay threads may offer concurrently; {@link #finish} may be called
 * from any thread and does not block (use {@link #whenFinished()} to wait).
 */
public final class Recording {

  private static final Logger LOG = LoggerFactory.getLogger(Recording.class);

  /** Wakes the writer so it notices a stop request. */
  static final Object WAKE = new Object();

  private final String id;
  private final int trackCount;
  private final int legBase;
  private final long handoffBytes;
  private final BlockingQueue<Object> handoff;
  private final AtomicLong pendingBytes = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicBoolean accepting;
  private final AtomicReference<Stop> stop = new AtomicReference<>();
  private final CompletableFuture<RecorderStats> finished = new CompletableFuture<>();
  private volatile boolean completeRequested;
  // Written only by the writer thread.
  volatile long recordedPackets;
  volatile long recordedBytes;
  volatile long storedBytes;
  /** Bytes earlier runs of this content already store. */
  volatile long earlierStoredBytes;
  /** The copy this run appends to, as the run before sealed it (null: none playable, or a first run). */
  volatile SealedCopy sealedCopy;
  volatile RecordingSummary liveSummary;

  record Stop(StopReason reason, String detail) {}

  Recording(String id, int trackCount, int legBase, StorageConfig config, boolean accepting) {
    this.id = id;
    this.trackCount = trackCount;
    this.legBase = legBase;
    this.handoffBytes = config.handoffBytes();
    this.handoff = new ArrayBlockingQueue<>(config.handoffPackets() + 1);
    this.accepting = new AtomicBoolean(accepting);
  }

  /** A recording that never started (content busy, disk low, files unusable). */
  static Recording notStarted(String id, int trackCount, StorageConfig config, StopReason reason, String detail) {
    Recording r = new Recording(id, trackCount, 0, config, false);
    r.stop.set(new Stop(reason, detail));
    r.finished.complete(r.stats());
    return r;
  }

  public String id() {
    return id;
  }

  /** The leg id stored on disk for the caller's {@code legId} (legs of earlier runs keep theirs). */
  public int storedLegId(int legId) {
    return legBase + legId;
  }

  /**
   * Hands one RTP packet to the writer; never blocks. The packet's bytes between position and limit
   * are copied; the buffer's position is left unchanged.
   *
   * @return false if the packet was not taken (recording stopped or hand-off full, then counted)
   */
  public boolean offerRtp(
      int track,
      int legId,
      long arrivalNanos,
      long extendedSeq,
      long extendedTimestamp,
      boolean marker,
      int payloadType,
      long payloadHash,
      ByteBuffer packet) {
    return offerRtp(track, legId, arrivalNanos, extendedSeq, extendedTimestamp, marker, payloadType, payloadHash, false, packet);
  }

  /**
   * As above, for a packet at which the leg's sequence or timestamp extender confirmed a jump
   * ({@code resynced}): kept with the excerpt so that a later seam of the queue takes the stored
   * numbers as they are and still knows where the leg's numbering broke.
   */
  public boolean offerRtp(
      int track,
      int legId,
      long arrivalNanos,
      long extendedSeq,
      long extendedTimestamp,
      boolean marker,
      int payloadType,
      long payloadHash,
      boolean resynced,
      ByteBuffer packet) {
    return offer(PacketKind.RTP, track, legId, arrivalNanos, extendedSeq, extendedTimestamp, marker, resynced, payloadType, payloadHash,
        packet);
  }

  /** Hands one RTCP packet (compound packets whole) to the writer; never blocks. */
  public boolean offerRtcp(int track, int legId, long arrivalNanos, ByteBuffer packet) {
    return offer(PacketKind.RTCP, track, legId, arrivalNanos, 0, 0, false, false, 0, 0, packet);
  }

  private boolean offer(
      PacketKind kind,
      int track,
      int legId,
      long arrivalNanos,
      long extendedSeq,
      long extendedTimestamp,
      boolean marker,
      boolean resynced,
      int payloadType,
      long payloadHash,
      ByteBuffer packet) {
    if (!accepting.get()) {
      dropped.incrementAndGet();
      return false;
    }
    if (track < 0 || track >= trackCount || legId < 0 || payloadType < 0 || payloadType > 127) {
      rejected.incrementAndGet();
      return false;
    }
    int length = packet.remaining();
    if (pendingBytes.addAndGet(length) > handoffBytes) {
      pendingBytes.addAndGet(-length);
      fellBehind();
      return false;
    }
    byte[] bytes = new byte[length];
    packet.get(packet.position(), bytes);
    PendingPacket p = new PendingPacket(
        kind, track, legBase + legId, arrivalNanos, extendedSeq, extendedTimestamp, marker, resynced, payloadType, payloadHash, bytes);
    if (!handoff.offer(p)) {
      pendingBytes.addAndGet(-length);
      fellBehind();
      return false;
    }
    return true;
  }

  private void fellBehind() {
    dropped.incrementAndGet();
    requestStop(StopReason.FELL_BEHIND, "hand-off queue full: the disk writer fell behind the relay");
  }

  /**
   * Stops accepting packets; the writer appends what it already has, closes the queue and marks the
   * content {@code complete} (if {@code complete} and nothing went wrong) or {@code incomplete}.
   * Returns at once.
   */
  public void finish(boolean complete) {
    completeRequested = complete;
    requestStop(StopReason.FINISHED, "");
  }

  /** Completes when the writer has stopped and the content's state is on disk. */
  public CompletableFuture<RecorderStats> whenFinished() {
    return finished;
  }

  public RecorderStats stats() {
    Stop s = stop.get();
    return new RecorderStats(
        id,
        recordedPackets,
        recordedBytes,
        dropped.get(),
        rejected.get(),
        accepting.get(),
        s == null ? null : s.reason(),
        s == null ? "" : s.detail());
  }

  /** Stops accepting; the first reason wins. Logs once for anything but a normal finish. */
  void requestStop(StopReason reason, String detail) {
    if (stop.compareAndSet(null, new Stop(reason, detail))) {
      accepting.set(false);
      if (reason != StopReason.FINISHED) {
        LOG.warn("recording {} stopped ({}): {}; the relay goes on without it", id, reason, detail);
      }
    }
    handoff.offer(WAKE);
  }

  // ---- writer side ----

  BlockingQueue<Object> handoff() {
    return handoff;
  }

  void taken(PendingPacket p) {
    pendingBytes.addAndGet(-p.bytes().length);
  }

  Stop stopRequest() {
    return stop.get();
  }

  boolean completeRequested() {
    return completeRequested;
  }

  /** Counts what could not be written after the writer stopped. */
  void discarded(long packets) {
    dropped.addAndGet(packets);
  }

  void markFinished() {
    finished.complete(stats());
  }
}
